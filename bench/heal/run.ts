// `npm run bench:heal`: issue 19's "done means" on the stack users run. Spawns
// `npm start -- --reset --no-simulator` in a data folder of its own, then hangs the warehouse
// (SIGSTOP on the PostgreSQL postmaster and every process it forked) for BENCH_HANG_SECONDS
// (default 240; `-- --hang-seconds=60` for a quick run) while 5 rollovers complete, and SIGCONT.
// Nobody calls the admin API: only the stack's own scheduler (local-scheduler.ts) runs the sweeper.
// Prints how long after the warehouse returned each rollover completed, beside the 3-minute target,
// whether each has exactly one etl.completed, and the custodian's monthly numbers beside the exact
// ones. Then Ctrl-C (SIGINT to npm's process group). Needs STACK_PORT_OFFSET's ports free.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createWarehouse } from '@trustrails/warehouse';
import { assertPortsFree } from '../../scripts/stack/free-ports';
import { ROOT, emulatorClientEnv, ports } from '../../scripts/stack/ports';
import { embeddedPostgresUrl } from '../../scripts/stack/postgres';
import { closeFirebase, db, uniqueId } from '../../tests/support/firebase';
import { rollover, writeLifecycle } from '../../tests/support/rollover';
import { childEnv, exportToEnvironment, healBenchSettings } from '../settings';
import { COLLECTIONS } from '@trustrails/contracts';

// The Admin SDK must reach this offset's emulators, never a real project.
exportToEnvironment(emulatorClientEnv());
const flag = process.argv.find((arg) => arg.startsWith('--hang-seconds='))?.split('=')[1];
const SETTINGS = healBenchSettings(flag);
const HANG_S = SETTINGS.hangSeconds;
const ROLLOVERS = 5;
const TARGET_S = 180;
const amountOf = (i: number) => 10_000 + i * 101;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(`[bench:heal ${new Date().toISOString().slice(11, 19)}] ${line}`);

function startStack(dataDir: string): { child: ChildProcess; started: Promise<void>; log: string[] } {
  const log: string[] = [];
  const child = spawn('npm', ['start', '--', '--reset', '--no-simulator'], {
    cwd: ROOT,
    env: childEnv({ STACK_DATA_DIR: dataDir }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        log.push(line);
        if (/local scheduler:/.test(line)) say(line.trim());
        if (/Started in/.test(line)) resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready`)));
  });
  return { child, started, log };
}

/** The postmaster and every process it forked (backends, checkpointer, walwriter…), from /proc. */
async function postgresProcesses(url: string): Promise<number[]> {
  const client = new Client(url);
  await client.connect();
  const ppid = (pid: number) => Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  // Read while the backend lives: it exits with the connection.
  const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const postmaster = ppid(backend);
  await client.end();
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return ppid(pid) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children];
}

async function main(): Promise<void> {
  await assertPortsFree();
  const dataDir = mkdtempSync(join(tmpdir(), 'trustrails-heal-'));
  chmodSync(dataDir, 0o755);
  const stack = startStack(dataDir);
  // Ctrl-C or a kill: stop the stack (its own process group) rather than leave it behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      if (stack.child.pid) process.kill(-stack.child.pid, 'SIGINT');
      setTimeout(() => process.exit(130), 30_000);
    });
  const databaseUrl = SETTINGS.databaseUrl ?? embeddedPostgresUrl(ports.postgres);
  try {
    await stack.started;
    say(`stack started; warehouse hang ${HANG_S} s during ${ROLLOVERS} rollovers, no admin calls`);
    const custodian = uniqueId('heal');
    const rollovers = Array.from({ length: ROLLOVERS }, (_, i) =>
      rollover({ prefix: `heal${i}`, sourceCustodianId: custodian, amountCents: amountOf(i), durationMs: 3_600_000 }),
    );
    const ids = rollovers.map((l) => l.rolloverId);
    await writeLifecycle(rollovers, 'before-completion');

    const pids = await postgresProcesses(databaseUrl);
    say(`SIGSTOP postmaster ${pids[0]} and ${pids.length - 1} child process(es)`);
    const hangStart = Date.now();
    // Interrupted mid-hang, the warehouse must come back before the stack is stopped.
    const resume = () => pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
    process.prependOnceListener('SIGINT', resume).prependOnceListener('SIGTERM', resume);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      // The completions arrive spread over the first half of the hang.
      for (const [i, l] of rollovers.entries()) {
        await sleep(Math.max(0, hangStart + (i * HANG_S * 500) / ROLLOVERS - Date.now()));
        await writeLifecycle(l, 'completion-only');
      }
      await sleep(Math.max(0, hangStart + HANG_S * 1000 - Date.now()));
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    const back = Date.now();
    say(`SIGCONT after ${((back - hangStart) / 1000).toFixed(0)} s; waiting, no admin action`);
    const healedAt = await waitForCompletions(ids, back);
    await printFigures({ ids, custodian, back, healedAt, databaseUrl });
  } finally {
    writeFileSync(join(tmpdir(), 'trustrails-heal-last.log'), stack.log.join('\n'));
    if (stack.child.pid) process.kill(-stack.child.pid, 'SIGINT');
    await new Promise((resolve) => stack.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    await closeFirebase();
  }
}

/** When each rollover's etl.completed appeared, polled each second for up to 10 minutes. */
async function waitForCompletions(ids: string[], since: number): Promise<Map<string, number>> {
  const healedAt = new Map<string, number>();
  const deadline = since + 600_000;
  while (healedAt.size < ids.length && Date.now() < deadline) {
    const snaps = await db().getAll(...ids.map((id) => db().collection(COLLECTIONS.events).doc(`etl-completed-${id}`)));
    // Keyed by rolloverId (the documents are etl-completed-{rolloverId}).
    snaps.forEach((snap, i) => {
      if (snap.exists && !healedAt.has(ids[i]!)) healedAt.set(ids[i]!, Date.now());
    });
    await sleep(1_000);
  }
  return healedAt;
}

async function printFigures(input: {
  ids: string[];
  custodian: string;
  back: number;
  healedAt: Map<string, number>;
  databaseUrl: string;
}): Promise<void> {
  const { ids, custodian, back, healedAt } = input;
  const completedEvents = await Promise.all(
    ids.map(
      async (id) =>
        (
          await db()
            .collection(COLLECTIONS.events)
            .where('rolloverId', '==', id)
            .where('eventType', '==', 'etl.completed')
            .get()
        ).size,
    ),
  );
  const runs = await db().getAll(...ids.map((id) => db().collection(COLLECTIONS.etlRuns).doc(id)));
  const sweep = (await db().collection(COLLECTIONS.etlSchedules).doc('sweep').get()).data();
  const warehouse = createWarehouse({ adapter: 'postgres', databaseUrl: input.databaseUrl });
  const month = new Date().toISOString().slice(0, 7);
  const summary = await warehouse.getMonthlySummary(custodian, month);
  await warehouse.close();
  const volumeCents = Array.from({ length: ROLLOVERS }, (_, i) => amountOf(i)).reduce((a, b) => a + b, 0);
  const expected = { completedCount: ROLLOVERS, volumeCents };
  const lastS = healedAt.size === ids.length ? (Math.max(...healedAt.values()) - back) / 1000 : Infinity;
  console.log(`\nHealing after a ${HANG_S} s warehouse hang, ${ROLLOVERS} rollovers, no admin calls`);
  for (const [i, id] of ids.entries()) {
    const at = healedAt.get(id);
    const run = runs[i]!.data() ?? {};
    console.log(
      `  ${id.padEnd(28)} ${at ? `completed ${((at - back) / 1000).toFixed(0).padStart(4)} s after return` : 'NOT completed'}` +
        `  etl.completed x${completedEvents[i]}  attempt ${run.attempt} reopenings ${run.autoReopenings ?? 0}`,
    );
  }
  const exactlyOnce = completedEvents.every((n) => n === 1);
  const exact = summary.completedCount === expected.completedCount && summary.volumeCents === expected.volumeCents;
  console.log(`  all ${ROLLOVERS} completed:      ${healedAt.size}/${ids.length}`);
  console.log(
    `  last one after return:  ${lastS.toFixed(0)} s   (target <= ${TARGET_S} s) ${lastS <= TARGET_S ? 'MET' : 'MISSED'}`,
  );
  console.log(`  exactly once:           ${exactlyOnce ? 'yes' : `no (${completedEvents.join(', ')})`}`);
  console.log(
    `  monthly ${month}:       count ${summary.completedCount}/${expected.completedCount}, volume ${summary.volumeCents}/${expected.volumeCents} cents ${exact ? 'exact' : 'WRONG'}`,
  );
  console.log(`  scheduled sweeps:       ${sweep?.runs ?? 0} (last trigger: ${sweep?.lastTrigger ?? 'none'})`);
  if (!(lastS <= TARGET_S && exactlyOnce && exact)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
