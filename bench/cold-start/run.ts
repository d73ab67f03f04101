// `npm run bench:cold-start`: what a user meets first (issue 12, item 4). Each run spawns
// `npm start -- --reset --no-simulator` in a data folder of its own (STACK_DATA_DIR, so the
// worktree's .data/ is left alone) and measures:
//  (a) spawn -> usable dashboard: /login answers 200, and a real Chromium signs in as
//      ops@custodian-alpha.test and sees the cards with values (data-value not empty);
//  (b) the first rollover written after that (its events 400 ms apart, as the demo simulator writes
//      them): its rollover.completed -> its etl.completed, and -> the card's new count in the open
//      page; then a second (warm) rollover the same way, for comparison.
// Then Ctrl-C (SIGINT to npm's process group, as a terminal sends it), and a check that every port
// is free again and no process of the run is left. BENCH_RUNS runs (default 3); medians printed.
// Needs STACK_PORT_OFFSET free ports. `next build` runs once before the first run when the web
// sources changed, and is not counted.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { assertPortsFree } from '../../scripts/stack/free-ports';
import { ROOT, emulatorClientEnv, ports } from '../../scripts/stack/ports';
import { webNeedsBuild } from '../../scripts/stack/web-build';
import { launchChromium, readCards, signIn, waitForCards } from '../../tests/e2e/support/browser';
import { closeFirebase, db, uniqueId } from '../../tests/support/firebase';
import { writeEvents } from '../../tests/support/lifecycle';
import { rollover, writeLifecycle } from '../../tests/support/rollover';
import { median, report } from '../lib/stats';
import { childEnv, coldStartBenchSettings, exportToEnvironment } from '../settings';
import { COLLECTIONS } from '@trustrails/contracts';

// The Admin SDK must reach this offset's emulators, never a real project; it reads these on first use.
exportToEnvironment(emulatorClientEnv());

const SETTINGS = coldStartBenchSettings();
const RUNS = SETTINGS.runs;
const BASE = `http://127.0.0.1:${ports.web}`;
const EMAIL = 'ops@custodian-alpha.test';
const MARK = 'TRUSTRAILS_COLD_START_BENCH';
const STEP_MS = 400;

interface RunFigures {
  loginMs: number;
  usableMs: number;
  startedMs: number;
  printedStartedS: number;
  coldEtlMs: number;
  coldCardMs: number;
  warmEtlMs: number;
  warmCardMs: number;
  stopMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Set when npm start exits before the bench stops it: every wait then gives up at once. */
let stackDied: Error | undefined;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (stackDied) throw stackDied;
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Whether the Auth emulator signs the demo user in: the seeding is done. */
async function demoUserSignsIn(): Promise<true | undefined> {
  const response = await fetch(
    `http://127.0.0.1:${ports.auth}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: DEMO_PASSWORD, returnSecureToken: true }),
    },
  );
  return response.ok ? true : undefined;
}

/** Pids carrying this run's mark in their environment (Linux /proc). */
function markedPids(mark: string): number[] {
  const needle = `\0${MARK}=${mark}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        return `\0${readFileSync(`/proc/${entry}/environ`, 'latin1')}`.includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Writes one rollover's lifecycle; resolves with ms from the completed write to etl.completed and to the card. */
async function timedRollover(page: import('playwright-core').Page): Promise<{ etlMs: number; cardMs: number }> {
  const before = Number((await readCards(page)).count);
  const rolloverId = uniqueId('bench-cold');
  const ends = { sourceCustodianId: 'custodian-alpha', destinationCustodianId: 'custodian-beta' };
  const events = rollover({ rolloverId, ...ends, amountCents: 123_45, durationMs: 3_600_000 });
  // Paced like the demo simulator (400 ms between steps), as a first rollover after npm start comes.
  for (const event of events.before) {
    await writeEvents(db(), [event]);
    await sleep(STEP_MS);
  }
  const etlDoc = db().collection(COLLECTIONS.events).doc(`etl-completed-${rolloverId}`);
  let etlAt = 0;
  const seen = new Promise<void>((resolve, reject) => {
    const stop = etlDoc.onSnapshot((snap) => {
      if (!snap.exists) return;
      etlAt = performance.now();
      stop();
      resolve();
    }, reject);
  });
  const t0 = performance.now();
  await writeLifecycle(events, 'completion-only');
  await Promise.race([
    seen,
    sleep(120_000).then(() => Promise.reject(new Error(`no etl.completed for ${rolloverId}`))),
  ]);
  await until(
    'the card count to move',
    async () => (Number((await readCards(page)).count) > before ? true : undefined),
    60_000,
    20,
  );
  return { etlMs: etlAt - t0, cardMs: performance.now() - t0 };
}

/** `npm start --reset --no-simulator` in its own data folder, its output collected as it comes. */
interface StartedStack {
  child: ChildProcess;
  output: string[];
  exited: Promise<number>;
  /** When "Started in" was printed (0 until then). */
  startedAt: () => number;
  /** From here on an exit is the stop this bench asked for, not a death. */
  stopping: () => void;
}

function startStack(dataDir: string, mark: string): StartedStack {
  const output: string[] = [];
  let startedAt = 0;
  let stopping = false;
  const child = spawn('npm', ['start', '--', '--reset', '--no-simulator'], {
    cwd: ROOT,
    env: childEnv({ STACK_DATA_DIR: dataDir, [MARK]: mark }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      output.push(line);
      if (!startedAt && /Started in/.test(line)) startedAt = performance.now();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  void exited.then((code) => {
    if (!stopping && !stackDied)
      stackDied = new Error(`npm start exited early (${code}):\n${output.slice(-30).join('\n')}`);
  });
  return { child, output, exited, startedAt: () => startedAt, stopping: () => (stopping = true) };
}

/** Ctrl-C, as a user stops it; how long until every process of the run is gone. */
async function stopStack(stack: StartedStack, mark: string): Promise<number> {
  stack.stopping();
  const stopT0 = performance.now();
  process.kill(-stack.child.pid!, 'SIGINT');
  // npm itself dies of the SIGINT (exit code null); what counts is that npm start ran its ordered
  // shutdown ("stopped") and that every process of the run is gone.
  await stack.exited;
  await until(
    'npm start to stop everything',
    async () =>
      stack.output.some((line) => /\] stopped$/.test(line)) && markedPids(mark).length === 0 ? true : undefined,
    90_000,
    100,
  );
  const stopMs = performance.now() - stopT0;
  const left = markedPids(mark);
  if (left.length > 0) throw new Error(`processes left after Ctrl-C: ${left.join(', ')}`);
  await assertPortsFree();
  return stopMs;
}

/** From start to a signed-in dashboard showing its cards: when /login answered, and when it was usable. */
async function untilUsable(browser: Browser, t0: number) {
  await until(
    '/login to answer 200',
    async () => ((await fetch(`${BASE}/login`)).status === 200 ? true : undefined),
    300_000,
  );
  const loginMs = performance.now() - t0;
  await until('the demo users to be seeded', demoUserSignsIn, 300_000);
  const page = await browser.newPage();
  await until(
    'a signed-in dashboard with card values',
    async () => {
      await signIn(page, BASE, EMAIL, DEMO_PASSWORD);
      await waitForCards(page);
      return true;
    },
    300_000,
    250,
  );
  return { page, loginMs, usableMs: performance.now() - t0 };
}

/** On a failure, stop whatever the run started, by its mark only; then its data folder goes. */
function cleanUpRun(index: number, mark: string, dataDir: string): void {
  for (const pid of markedPids(mark)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  // BENCH_KEEP_DATA=1 keeps the run's data folder, with its logs (logs/emulators.log: the functions' lines).
  if (SETTINGS.keepData) console.log(`run ${index + 1} data and logs kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}

async function oneRun(index: number): Promise<RunFigures> {
  await assertPortsFree();
  stackDied = undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'trustrails-cold-start-'));
  // As root, PostgreSQL runs as "postgres", which must reach its data folder (else it is moved).
  chmodSync(dataDir, 0o755);
  const mark = `${process.pid}-${index}`;
  const browser = await launchChromium();
  try {
    const t0 = performance.now();
    const stack = startStack(dataDir, mark);
    const { page, loginMs, usableMs } = await untilUsable(browser, t0);
    await until('the "Started in" line', async () => (stack.startedAt() ? true : undefined), 300_000);
    const printed = stack.output.map((line) => /Started in ([\d.]+)s/.exec(line)).find(Boolean);

    const cold = await timedRollover(page);
    const warm = await timedRollover(page);
    const stopMs = await stopStack(stack, mark);
    console.log(
      `run ${index + 1}/${RUNS}: usable ${(usableMs / 1000).toFixed(1)} s, cold rollover ${cold.etlMs.toFixed(0)} ms, warm ${warm.etlMs.toFixed(0)} ms; stopped cleanly, nothing left`,
    );
    return {
      loginMs,
      usableMs,
      startedMs: stack.startedAt() - t0,
      printedStartedS: Number(printed?.[1] ?? Number.NaN),
      coldEtlMs: cold.etlMs,
      coldCardMs: cold.cardMs,
      warmEtlMs: warm.etlMs,
      warmCardMs: warm.cardMs,
      stopMs,
    };
  } finally {
    await browser.close();
    await closeFirebase();
    cleanUpRun(index, mark, dataDir);
  }
}

async function main(): Promise<void> {
  if (webNeedsBuild()) {
    console.log('building web first (not counted)');
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  }
  const runs: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i));
  const med = (key: keyof RunFigures) => median(runs.map((run) => run[key]));
  console.log(`cold start: ${RUNS} run(s) of npm start --reset --no-simulator, medians`);
  report('spawn -> /login 200', med('loginMs') / 1000, 's', null);
  report('spawn -> signed-in dashboard cards have values', med('usableMs') / 1000, 's', null);
  report('spawn -> "Started in" printed', med('startedMs') / 1000, 's', null);
  report('"Started in" figure npm start prints', med('printedStartedS'), 's', null);
  report('first rollover.completed -> etl.completed (cold)', med('coldEtlMs'), 'ms', null);
  report('first rollover.completed -> card count (cold)', med('coldCardMs'), 'ms', null);
  report('second rollover.completed -> etl.completed (warm)', med('warmEtlMs'), 'ms', null);
  report('second rollover.completed -> card count (warm)', med('warmCardMs'), 'ms', null);
  report('Ctrl-C -> npm start exited, ports free', med('stopMs') / 1000, 's', null);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
