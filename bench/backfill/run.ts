// `npm run bench:backfill [-- --quick]`: the ETL's operations at the size of a large backfill.
// 50,000 rollovers (2,000 with --quick; BENCH_BACKFILL_SIZE sets another) wait in the bulk lane, written with the Admin SDK as the
// backfill writes them; then, in this process, the real code against the Firestore emulator:
//   1. one sweep (every query of it, alerts included) with all of them waiting;
//   2. the dispatcher: one top-up of the lane's free slots, then a chain of slots handed on;
//   3. a backfill job over 50,000 rollover.completed events, queued a chunk at a time.
// Each figure is the time and the peak RSS of this process (sampled every 10 ms) beside its target.
// Every step runs in a Firestore project of its own on the emulator, so no trigger of the
// functions emulator (which serves demo-trustrails) reacts; messages are counted, not published.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import type { Warehouse } from '@trustrails/warehouse';
import { etlQueue, type EtlQueue } from '../../functions/src/etl/enqueue';
import { passSlotOn, reopenRetryable, runsToRedeliver, topUpBulkLane } from '../../functions/src/etl/run-state';
import { checkAlerts } from '../../functions/src/alerts/check';
import { backfill } from '../../functions/src/operations/backfill';
import { sweep } from '../../functions/src/operations/sweep';
import { backfillBenchSettings } from '../settings';
import { JOB_RANGE } from './seed';
import { COLLECTIONS } from '@trustrails/contracts';

const QUICK = process.argv.includes('--quick');
const HAND_ONS = QUICK ? 20 : 30;
const { size: SIZE, jobSize: JOB_SIZE } = backfillBenchSettings(QUICK);
const TARGET = { sweepMb: 100, sweepS: 10 };
const MB = 1024 * 1024;

function countingQueue(db: Firestore): EtlQueue & { published: () => number } {
  let published = 0;
  const queue = etlQueue(db, async () => void (published += 1), 3);
  return { ...queue, published: () => published };
}

/** Time and peak RSS of `work`, RSS sampled every 10 ms while it runs. */
async function measure<T>(label: string, work: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { label, result, ms, peakMb: peak / MB, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

/** Writes with bench/backfill/seed.ts in a child process: this process's RSS stays the figures' own. */
function seed(projectId: string, kind: 'runs' | 'events', count: number): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'seed.ts'), projectId, kind, String(count)], {
    stdio: 'inherit',
  });
}

const SWEEP_OPTIONS = {
  pendingAfterMs: 300_000,
  lookbackMs: 24 * 3_600_000,
  reopen: { baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxReopenings: 5 },
  alerts: {
    pendingCount: 1_000,
    bulkPendingCount: 100_000,
    oldestPendingAge: 900_000,
    processingTimeP95: 30_000,
    failuresPerHour: 10,
    deadLetters: 0,
    sweeperStale: 1_800_000,
    freshnessP95: 1_000,
  },
};

/** The sweep's steps one by one, as sweep() runs them, to show where its time goes. */
async function sweepSteps(db: Firestore, queue: EtlQueue) {
  const now = new Date();
  const steps: [string, () => Promise<unknown>][] = [
    [
      'runsToRedeliver',
      () => runsToRedeliver(db, now, { pendingAfterMs: SWEEP_OPTIONS.pendingAfterMs, paused: false }),
    ],
    ['reopenRetryable', () => reopenRetryable(db, now, SWEEP_OPTIONS.reopen)],
    ['topUpBulk (slots busy)', () => queue.topUpBulk()],
    ['checkAlerts (health counts)', () => checkAlerts(db, SWEEP_OPTIONS.alerts, now)],
  ];
  const figures = [];
  for (const [label, step] of steps) figures.push(await measure(`  sweep step: ${label}`, step));
  return figures;
}

async function sweepAndDispatch() {
  const projectId = `demo-bench-lane-${randomUUID().slice(0, 6)}`;
  seed(projectId, 'runs', SIZE);
  const db = getFirestore(initializeApp({ projectId }, 'lane'));
  const queue = countingQueue(db);
  const sweepFigure = await measure(`one sweep at ${SIZE} waiting`, () => sweep(db, queue, SWEEP_OPTIONS));
  // The first sweep of a process also opens its Firestore channels; the second is a sweep of a warm instance.
  const warm = await measure(`the next sweep (warm) at ${SIZE} waiting`, () => sweep(db, queue, SWEEP_OPTIONS));
  const steps = await sweepSteps(db, queue);
  // The first sweep's top-up took the lane's three slots; free them for the dispatcher's figure.
  for (let slot = 0; slot < 3; slot += 1) await db.doc(`${COLLECTIONS.etlBulkSlots}/${slot}`).delete();
  const topUp = await measure('dispatcher: top-up of 3 free slots', () => topUpBulkLane(db, 3));
  // As each bulk delivery does when it ends: its run settles and it hands its slot to the oldest waiting run.
  const chain = await measure(`dispatcher: ${HAND_ONS} slots handed on`, async () => {
    const holding = topUp.result.map((dispatch) => dispatch.message.rolloverId);
    for (let n = 0; n < HAND_ONS; n += 1) {
      const id = holding[n % holding.length]!;
      await db.doc(`${COLLECTIONS.etlRuns}/${id}`).update({ status: 'FINISHED' });
      const [next] = await passSlotOn(db, id, 3);
      if (!next) throw new Error(`slot of ${id} was not handed on`);
      holding[n % holding.length] = next.message.rolloverId;
    }
    return HAND_ONS;
  });
  return [sweepFigure, warm, ...steps, topUp, chain];
}

async function job() {
  const projectId = `demo-bench-job-${randomUUID().slice(0, 6)}`;
  seed(projectId, 'events', JOB_SIZE);
  const db = getFirestore(initializeApp({ projectId }, 'job'));
  const queue = countingQueue(db);
  // Queued runs wait for the lane; the warehouse is read only when nothing was queued.
  const noWarehouse = {} as Warehouse;
  const range = { from: JOB_RANGE.from, to: new Date(JOB_RANGE.from.getTime() + JOB_RANGE.spanMs) };
  return measure(`backfill job over ${JOB_SIZE} completions`, () =>
    backfill(db, noWarehouse, queue, range, { budgetMs: 3_600_000 }),
  );
}

async function main() {
  const baselineMb = process.memoryUsage().rss / MB;
  const lane = await sweepAndDispatch();
  const sweepFigure = lane[0]!;
  const jobFigure = await job();
  const rows = [
    { ...sweepFigure, target: `≤ ${TARGET.sweepS} s, ≤ ${TARGET.sweepMb} MB` },
    ...lane.slice(1).map((figure) => ({ ...figure, target: '-' })),
    { ...jobFigure, target: '-' },
  ];
  console.log(
    `\nthis process at rest, with the Admin SDK and the ETL's modules loaded: ${baselineMb.toFixed(0)} MB RSS`,
  );
  console.log('\nfigure                                   time      peak RSS   RSS growth   target');
  for (const r of rows)
    console.log(
      `${r.label.padEnd(40)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${r.peakMb.toFixed(0).padStart(7)} MB ${r.growthMb.toFixed(0).padStart(9)} MB   ${r.target}`,
    );
  const job0 = jobFigure.result.job!;
  console.log(
    `\njob: ${job0.status}, ${job0.chunks} chunks, ${job0.queued} queued of ${job0.completions} completions, ${((job0.queued / jobFigure.ms) * 1000).toFixed(0)} runs/s`,
  );
  console.log(`sweep report: ${JSON.stringify(sweepFigure.result)}`);
  const sweepOk = sweepFigure.ms <= TARGET.sweepS * 1000 && sweepFigure.peakMb <= TARGET.sweepMb;
  console.log(
    `sweeper at ${SIZE} waiting: ${(sweepFigure.ms / 1000).toFixed(2)} s (target ≤ ${TARGET.sweepS} s), peak RSS ${sweepFigure.peakMb.toFixed(0)} MB of which ${sweepFigure.growthMb.toFixed(0)} MB during the sweep (target ≤ ${TARGET.sweepMb} MB): ${sweepOk ? 'within target' : 'OVER TARGET'}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
