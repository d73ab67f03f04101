// Runs a command against the whole local stack (embedded PostgreSQL, then the Auth, Firestore,
// Functions and Pub/Sub emulators through `firebase emulators:exec`), then tears it all down.
// Usage: tsx scripts/stack/exec.ts [--postgres-only] [--no-fault-hooks] [--etl-floor] [--scheduler] -- <command…>
// --no-fault-hooks runs the worker as production does, without the fault suite's Firestore
// transaction before every phase: the benchmarks measure that, not the test hook.
// --etl-floor also deploys bench:etl's floor pipeline (bench/etl/floor), a second functions codebase.
// --scheduler runs the scheduled functions on their schedule meanwhile (with-scheduler.ts). It is
// off for the test suites: many tests drive the sweeper by hand and would race a scheduled sweep;
// the tests of scheduled behaviour start the same scheduler themselves (tests/support/scheduler.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { resolveEmulatorBinaries } from './emulator-binaries';
import { EMULATORS, PROJECT_ID, ROOT, firebaseConfigPath, ports, stackEnv } from './ports';
import { startPostgres } from './postgres';
import { assertPortsFree } from './free-ports';
import { endLeftovers, tagStackRun, takeOverShutdownSignals } from './processes';
import { assertNodeMajor, useThisNodeForChildren } from '../runtime/node-major.cjs';
import { settings } from '../settings';

const withScheduler = (command: string[]) => [
  process.execPath,
  '--import',
  'tsx',
  join(ROOT, 'scripts', 'stack', 'with-scheduler.ts'),
  '--',
  ...command,
];

const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    takeOverShutdownSignals(() => child.kill('SIGINT'));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  assertNodeMajor('scripts/stack/exec.ts');
  // firebase-tools runs the functions on its own Node (process.execPath), and it, Next.js and npm
  // are started by name: all of them must find this Node first on PATH.
  useThisNodeForChildren();
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  const flags = separator === -1 ? [] : argv.slice(0, separator);
  const command = separator === -1 ? argv : argv.slice(separator + 1);
  if (command.length === 0)
    throw new Error('usage: exec.ts [--postgres-only] [--no-fault-hooks] [--etl-floor] [--scheduler] -- <command…>');
  const known = ['--postgres-only', '--no-fault-hooks', '--etl-floor', '--scheduler'];
  const unknown = flags.filter((flag) => !known.includes(flag));
  if (unknown.length > 0) throw new Error(`exec.ts: unknown flag ${unknown.join(', ')}`);
  const postgresOnly = flags.includes('--postgres-only');
  const faultHooks = !flags.includes('--no-fault-hooks');

  // Before anything starts: a taken port means another stack, which must not be disturbed.
  if (postgresOnly) {
    if (!settings.databaseUrl()) await assertPortsFree(['postgres']);
  } else {
    await assertPortsFree();
  }
  tagStackRun();

  const binaries = postgresOnly
    ? { source: 'none', env: {} }
    : resolveEmulatorBinaries(join(ROOT, '.cache', 'emulators'));
  // A folder of its own per run, so that runs side by side never share a cluster.
  const dataDir = join(ROOT, '.data', `postgres-exec-${randomBytes(6).toString('hex')}`);
  const postgres = await startPostgres({ dataDir, ephemeral: true, port: ports.postgres, log: console.log });
  const env: NodeJS.ProcessEnv = {
    ...stackEnv(binaries.env, postgres.url),
    // Test hook of the ETL worker (functions/src/etl/fault-injection.ts); never set by npm start.
    ETL_FAULT_INJECTION: faultHooks ? '1' : '0',
    // Short enough that the fault suite can watch a dead worker's lease run out.
    ETL_LEASE_SECONDS: settings.leaseSeconds(),
    // Short enough that the fault suite sees the sweeper re-open runs that outlived their attempts
    // within a test (production waits 300 s after the first failure).
    ETL_REOPEN_BASE_SECONDS: settings.reopenBaseSeconds(),
    // Low, so the lane tests can see the bound hold with a backfill of a few dozen runs.
    ETL_BULK_CONCURRENCY: settings.bulkConcurrency(),
    // Low enough that the alert tests open the pending-count alert with a handful of runs.
    ETL_ALERT_PENDING_RUNS: settings.alertPendingRuns(),
  };
  try {
    if (postgresOnly) return await run(command[0]!, command.slice(1), env);
    console.log(`emulators: ${EMULATORS.join(', ')} (binaries: ${binaries.source})`);
    const firebase = join(ROOT, 'node_modules', '.bin', 'firebase');
    return await run(
      firebase,
      [
        'emulators:exec',
        '--project',
        PROJECT_ID,
        '--config',
        firebaseConfigPath({ etlFloor: flags.includes('--etl-floor') }),
        '--only',
        EMULATORS.join(','),
        (flags.includes('--scheduler') ? withScheduler(command) : command).map(shellQuote).join(' '),
      ],
      env,
    );
  } finally {
    await postgres.stop();
    // firebase-tools can exit (or be killed) before its Java emulators; they must not outlive the run.
    endLeftovers();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
