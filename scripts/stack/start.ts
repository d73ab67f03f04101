// `npm start`: the whole local stack with demo data. Builds what must be built, starts the
// embedded PostgreSQL, the Firebase emulators and the Next.js app, seeds the demo users, prints
// where everything is, and on Ctrl-C stops it all. `--watch` (npm run dev) rebuilds on change;
// `--reset` wipes local data first; `--no-simulator` starts without the demo traffic.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from './demo';
import { resolveEmulatorBinaries } from './emulator-binaries';
import { EMULATORS, PROJECT_ID, ROOT, emulatorClientEnv, firebaseConfigPath, ports, stackEnv } from './ports';
import { embeddedPostgresUrl, startPostgres, type RunningPostgres } from './postgres';
import {
  endLeftovers,
  startManaged,
  stopManaged,
  tagStackRun,
  takeOverShutdownSignals,
  type Managed,
} from './processes';
import { preflight } from './preflight';
import { seedDemoUsers } from './seed-users';
import { scheduleOverrideSeconds, startLocalScheduler } from './local-scheduler';
import { startSimulator } from '../simulator/simulator';
import { webNeedsBuild } from './web-build';
import { warmUpWorker } from './warm-up';
import { useThisNodeForChildren } from '../runtime/node-major.cjs';
import { exportToEnvironment, liveEnv, settings } from '../settings';

// firebase-tools runs the functions on its own Node (process.execPath), and it, Next.js and npm
// are started by name: all of them must find this Node first on PATH.
useThisNodeForChildren();

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
// STACK_DATA_DIR: another data folder (the cold-start bench uses a temporary one, not .data/).
const dataDir = settings.stackDataDir();
const DATA = dataDir ? resolve(dataDir) : join(ROOT, '.data');
const LOGS = join(DATA, 'logs');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (line: string) => console.log(`[stack ${elapsed()}] ${line}`);

const running: Managed[] = [];
let postgres: RunningPostgres | undefined;
let postgresStarting: Promise<unknown> | undefined;
let stopping = false;
let stopScheduler: (() => Promise<void>) | undefined;
let stopSimulator: (() => Promise<void>) | undefined;

function waitForLine(managed: Managed, pattern: RegExp, timeoutMs: number, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${managed.name} did not become ready in ${timeoutMs / 1000}s; see ${LOGS}`)),
      timeoutMs,
    );
    const check = setInterval(() => {
      if (lines.some((line) => pattern.test(line))) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    managed.exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`${managed.name} exited with code ${code} before it was ready; see ${LOGS}`));
    });
  });
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  say('stopping…');
  await stopSimulator?.();
  await stopScheduler?.();
  // Next.js first (it holds Firestore listeners), then the emulators (exporting their data), then Postgres.
  for (const managed of [...running].reverse()) {
    const emulators = managed.name === 'emulators';
    await stopManaged(managed, emulators ? 'SIGINT' : 'SIGTERM', emulators ? 30_000 : 5_000);
    say(`${managed.name} stopped`);
  }
  // A Ctrl-C while PostgreSQL is still starting: let it finish, then stop it in order.
  await postgresStarting?.catch(() => undefined);
  await postgres?.stop();
  const leftovers = endLeftovers();
  if (leftovers > 0) say(`ended ${leftovers} process(es) of this stack that outlived their parent`);
  say('stopped');
  process.exit(code);
}

/**
 * PostgreSQL (initdb on a first start, then the migrations) starts beside the functions build, the
 * emulators and the web app, none of which connects to it before the stack is ready (issue 12).
 */
function startPostgresBeside(databaseUrl: string): Promise<RunningPostgres> {
  const postgresReady = startPostgres({
    dataDir: join(DATA, 'postgres'),
    port: ports.postgres,
    // As root the data may live outside .data (see postgres-places.ts), so --reset must say so.
    reset: args.has('--reset'),
    log: say,
  }).then((started) => {
    postgres = started;
    if (started.url !== databaseUrl) throw new Error(`postgres: expected ${databaseUrl}, started ${started.url}`);
    return started;
  });
  postgresStarting = postgresReady;
  // Fail fast, as when it started first, rather than after the emulators are up.
  postgresReady.catch((error: unknown) => {
    console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
    void shutdown(1);
  });
  return postgresReady;
}

async function buildFunctions(): Promise<void> {
  say(`building functions${watch ? ' (watching)' : ''}`);
  await run('npm', ['run', 'build', '--workspace', 'functions']);
  if (watch)
    running.push(
      startManaged('functions-build', 'npm', ['run', 'build:watch', '--workspace', 'functions'], {
        cwd: ROOT,
        env: liveEnv(),
        logFile: join(LOGS, 'functions-build.log'),
      }),
    );
}

/** The emulators, importing and exporting their data under DATA; `lines` collects their output. */
function startEmulators(env: NodeJS.ProcessEnv, binariesSource: string, lines: string[]): Managed {
  const emulatorData = join(DATA, 'emulators');
  const emulators = startManaged(
    'emulators',
    join(ROOT, 'node_modules', '.bin', 'firebase'),
    [
      'emulators:start',
      '--project',
      PROJECT_ID,
      '--config',
      firebaseConfigPath(),
      '--only',
      EMULATORS.join(','),
      ...(existsSync(join(emulatorData, 'firebase-export-metadata.json')) ? ['--import', emulatorData] : []),
      '--export-on-exit',
      emulatorData,
    ],
    { cwd: ROOT, env, logFile: join(LOGS, 'emulators.log'), onLine: (line) => lines.push(line) },
  );
  running.push(emulators);
  say(`starting emulators (${EMULATORS.join(', ')}; binaries: ${binariesSource})`);
  return emulators;
}

/** `next start` (or `next dev` with --watch), after a `next build` when the web sources changed. */
async function startWeb(env: NodeJS.ProcessEnv): Promise<Managed> {
  if (!watch && webNeedsBuild()) {
    say('building web (next build)');
    await run('npm', ['run', 'build', '--workspace', 'web'], { NEXT_TELEMETRY_DISABLED: '1' });
  }
  const web = startManaged(
    'web',
    'npm',
    ['run', watch ? 'dev' : 'start', '--workspace', 'web', '--', '--port', String(ports.web)],
    {
      cwd: ROOT,
      env: { ...env, PORT: String(ports.web), NEXT_TELEMETRY_DISABLED: '1' },
      logFile: join(LOGS, 'web.log'),
    },
  );
  running.push(web);
  return web;
}

/**
 * The worker's warm-up is awaited with the rest, so that "Started" means the first rollover finds a
 * worker instance ready, not one still starting while a second, cold one is started beside it.
 */
async function untilReady(
  emulators: Managed,
  emulatorLines: string[],
  web: Managed,
  started: { postgres: Promise<RunningPostgres>; seeded: Promise<void> },
): Promise<void> {
  await waitForLine(emulators, /All emulators ready/, 180_000, emulatorLines);
  say('emulators ready');
  await started.postgres;
  const warmed = warmUpWorker()
    .then(() => waitForLine(emulators, /etl\.workerWarm(ed|UpFailed)/, 60_000, emulatorLines))
    .then(
      () => say('worker warmed up'),
      (error: unknown) => say(`worker warm-up skipped: ${error instanceof Error ? error.message : String(error)}`),
    );
  const webReady = waitForHttp(`http://127.0.0.1:${ports.web}/api/health`, 120_000, web).then(() => say('web ready'));
  await Promise.all([started.seeded, warmed, webReady]);
}

function printWhereEverythingIs(pg: RunningPostgres): void {
  console.log(`
  Dashboard     http://localhost:${ports.web}/dashboard
  ETL monitor   http://localhost:${ports.web}/etl
  Firestore     127.0.0.1:${ports.firestore}   Auth 127.0.0.1:${ports.auth}   Pub/Sub 127.0.0.1:${ports.pubsub}   Functions 127.0.0.1:${ports.functions}
  PostgreSQL    ${pg.url.replace(/:[^:@/]+@/, ':***@')}${pg.embedded ? ' (embedded)' : ''}
  Logs          ${LOGS}

  Demo logins (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `    ${u.email.padEnd(28)} ${JSON.stringify(u.claims)}`).join('\n')}

  Started in ${elapsed()}. Press Ctrl-C to stop.
`);
}

/** After the start, any process that ends stops the whole stack. */
function stopAllWhenOneExits(): void {
  for (const managed of running) {
    void managed.exited.then((code) => {
      if (!stopping) {
        say(`${managed.name} exited unexpectedly with code ${code}; see ${LOGS}`);
        void shutdown(1);
      }
    });
  }
}

async function main(): Promise<void> {
  // Node, Java and every port, each missing one named with its fix, before anything starts.
  await preflight('start');
  takeOverShutdownSignals(() => void shutdown(0));
  tagStackRun();
  if (args.has('--reset')) {
    rmSync(DATA, { recursive: true, force: true });
    say('reset: local data removed');
  }
  mkdirSync(LOGS, { recursive: true });

  const binaries = resolveEmulatorBinaries(join(ROOT, '.cache', 'emulators'));
  // Nothing waits on what it does not need: the demo users are seeded as soon as Auth answers.
  const databaseUrl = settings.databaseUrl() ?? embeddedPostgresUrl(ports.postgres);
  const postgresReady = startPostgresBeside(databaseUrl);
  await buildFunctions();
  const env = stackEnv(binaries.env, databaseUrl);
  const emulatorLines: string[] = [];
  const emulators = startEmulators(env, binaries.source, emulatorLines);
  exportToEnvironment(emulatorClientEnv());
  const seeded = waitForHttp(`http://127.0.0.1:${ports.auth}/`, 180_000, emulators, () => true)
    .then(seedDemoUsers)
    .then((uids) => say(`seeded ${uids.length} demo users`));
  seeded.catch(() => undefined);
  const web = await startWeb(env);

  await untilReady(emulators, emulatorLines, web, { postgres: postgresReady, seeded });
  stopScheduler = await startLocalScheduler({
    everySeconds: scheduleOverrideSeconds(),
    log: say,
  });
  if (!args.has('--no-simulator')) {
    stopSimulator = startSimulator({ intervalMs: 6_000, log: say });
    say('demo traffic simulator on (--no-simulator to turn it off)');
  }
  printWhereEverythingIs(await postgresReady);
  stopAllWhenOneExits();
}

/** Polls `url` until `ready` accepts its answer (by default a 2xx). */
async function waitForHttp(
  url: string,
  timeoutMs: number,
  managed: Managed,
  ready: (response: Response) => boolean = (response) => response.ok,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.child.exitCode !== null) throw new Error(`${managed.name} exited early; see ${LOGS}`);
    const ok = await fetch(url).then(ready, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in ${timeoutMs / 1000}s`);
}

/** A build step, without blocking the event loop: PostgreSQL keeps starting meanwhile. */
function run(command: string, commandArgs: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: { ...liveEnv(), ...extraEnv } });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(' ')} failed (${code ?? signal})`)),
    );
  });
}

main().catch((error: unknown) => {
  console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
