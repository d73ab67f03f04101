// `npm run bench:backfill [-- --quick]`: the ETL's operations at the size of a large backfill.
// 50,000 rollovers (2,000 with --quick; BENCH_BACKFILL_SIZE sets another) wait in the bulk lane, written with the Admin SDK as the
// backfill writes them; then, in this process, the real code against the Firestore emulator:
//   1. one sweep (every query of it, alerts included) with all of them waiting;
//   2. the dispatcher: one top-up of the lane's free slots, then a chain of slots handed on;
//   3. a backfill job over 50,000 rollover.completed events, queued a chunk at a time.
// Each figure is the time and the peak RSS of this process (sampled every 10 ms) beside its target.
// Every step runs in a Firestore project of its own on the emulator, so no trigger of the
// functions emulator (which serves demo-trustrails) reacts; messages are counted, not published.
import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { Warehouse } from '@trustrails/warehouse';
import { etlQueue, type EtlQueue } from '../../functions/src/etl/enqueue';
import { passSlotOn, topUpBulkLane } from '../../functions/src/etl/run-state';
import { backfill } from '../../functions/src/operations/backfill';
import { sweep } from '../../functions/src/operations/sweep';
import { lifecycle } from '../../tests/support/lifecycle';

const QUICK = process.argv.includes('--quick');
const SIZE = Number(process.env.BENCH_BACKFILL_SIZE ?? (QUICK ? 2_000 : 50_000));
// The job's own size; BENCH_BACKFILL_JOB_SIZE lowers it where the emulator is too slow to queue 50,000 in time.
const JOB_SIZE = Number(process.env.BENCH_BACKFILL_JOB_SIZE ?? SIZE);
const TARGET = { sweepMb: 100, sweepS: 10 };
const MB = 1024 * 1024;

const project = (name: string): Firestore =>
  getFirestore(initializeApp({ projectId: `demo-bench-${name}-${randomUUID().slice(0, 6)}` }, name));

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

async function writeAll(db: Firestore, docs: { path: string; data: Record<string, unknown> }[]) {
  const t0 = performance.now();
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < docs.length; i += 500) {
    const batch = db.batch();
    for (const doc of docs.slice(i, i + 500)) batch.set(db.doc(doc.path), doc.data);
    batches.push(batch.commit());
    // Four batches in flight: the emulator takes them no faster with more.
    if (batches.length >= 4) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
  return (performance.now() - t0) / 1000;
}

/** A bulk run waiting for a slot, as claimRun writes it for a backfill, queued `i` ms after `at`. */
function waitingRun(rolloverId: string, at: number, i: number) {
  const t = Timestamp.fromMillis(at + i);
  return {
    rolloverId,
    eventId: `${rolloverId}-completed`,
    status: 'PENDING',
    claim: 1,
    attempt: 0,
    attemptBase: 0,
    transferId: null,
    sourceCustodianId: null,
    destinationCustodianId: null,
    leaseExpiresAt: null,
    phaseTimingsMs: {},
    phaseRetries: {},
    processingTimeMs: null,
    lastError: null,
    deadLettered: false,
    createdAt: t,
    updatedAt: t,
    startedAt: null,
    finishedAt: null,
    lane: 'bulk',
    dispatched: false,
    bulkSlot: null,
    queuedAt: t,
  };
}

const SWEEP_OPTIONS = {
  pendingAfterMs: 300_000,
  lookbackMs: 24 * 3_600_000,
  reopen: { baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxReopenings: 5 },
  alerts: {
    pendingCount: 1_000,
    oldestPendingAge: 900_000,
    processingTimeP95: 30_000,
    failuresPerHour: 10,
    deadLetters: 0,
  },
};

async function sweepAndDispatch() {
  const db = project('lane');
  const at = Date.now() - 3_600_000;
  const ids = Array.from({ length: SIZE }, (_, i) => `bench-wait-${i}`);
  const seconds = await writeAll(
    db,
    ids.map((id, i) => ({ path: `etlRuns/${id}`, data: waitingRun(id, at, i) })),
  );
  console.log(`seeded ${SIZE} bulk runs waiting for a slot in ${seconds.toFixed(1)} s`);
  const queue = countingQueue(db);
  // The lane's three slots are taken by the first sweep's top-up; free them for the dispatcher's figure.
  const sweepFigure = await measure(`one sweep at ${SIZE} waiting`, () => sweep(db, queue, SWEEP_OPTIONS));
  for (let slot = 0; slot < 3; slot += 1) await db.doc(`etlBulkSlots/${slot}`).delete();
  const topUp = await measure('dispatcher: top-up of 3 free slots', () => topUpBulkLane(db, 3));
  // As each bulk delivery does when it ends: its run settles and it hands its slot to the oldest waiting run.
  const chain = await measure('dispatcher: 100 slots handed on', async () => {
    const holding = topUp.result.map((dispatch) => dispatch.message.rolloverId);
    for (let n = 0; n < 100; n += 1) {
      const id = holding[n % holding.length]!;
      await db.doc(`etlRuns/${id}`).update({ status: 'FINISHED' });
      const [next] = await passSlotOn(db, id, 3);
      if (!next) throw new Error(`slot of ${id} was not handed on`);
      holding[n % holding.length] = next.message.rolloverId;
    }
    return 100;
  });
  return [sweepFigure, topUp, chain];
}

async function job() {
  const db = project('job');
  const from = new Date('2025-01-01T00:00:00Z');
  const span = 180 * 86_400_000;
  const events = Array.from({ length: JOB_SIZE }, (_, i) => {
    const completedAt = new Date(from.getTime() + Math.floor((i / JOB_SIZE) * span));
    const { completed } = lifecycle({
      rolloverId: `bench-bf-${i}`,
      sourceCustodianId: `bench-c${i % 20}`,
      destinationCustodianId: `bench-c${(i * 7 + 3) % 20}`,
      amountCents: 10_000 + i,
      initiatedAt: new Date(completedAt.getTime() - 3_600_000),
      completedAt,
    });
    return { path: `events/${completed.id}`, data: completed.data };
  });
  const seconds = await writeAll(db, events);
  console.log(`seeded ${JOB_SIZE} rollover.completed events in ${seconds.toFixed(1)} s`);
  const queue = countingQueue(db);
  // Queued runs wait for the lane; the warehouse is read only when nothing was queued.
  const noWarehouse = {} as Warehouse;
  const range = { from, to: new Date(from.getTime() + span) };
  return measure(`backfill job over ${JOB_SIZE} completions`, () =>
    backfill(db, noWarehouse, queue, range, { budgetMs: 3_600_000 }),
  );
}

async function main() {
  const [sweepFigure, topUp, chain] = await sweepAndDispatch();
  const jobFigure = await job();
  const rows = [
    { ...sweepFigure!, target: `≤ ${TARGET.sweepS} s, ≤ ${TARGET.sweepMb} MB` },
    { ...topUp!, target: '-' },
    { ...chain!, target: '-' },
    { ...jobFigure, target: '-' },
  ];
  console.log('\nfigure                                   time      peak RSS   RSS growth   target');
  for (const r of rows)
    console.log(
      `${r.label.padEnd(40)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${r.peakMb.toFixed(0).padStart(7)} MB ${r.growthMb.toFixed(0).padStart(9)} MB   ${r.target}`,
    );
  const job0 = jobFigure.result.job!;
  console.log(
    `\njob: ${job0.status}, ${job0.chunks} chunks, ${job0.queued} queued of ${job0.completions} completions, ${((job0.queued / jobFigure.ms) * 1000).toFixed(0)} runs/s`,
  );
  console.log(`sweep report: ${JSON.stringify(sweepFigure!.result)}`);
  const sweepOk = sweepFigure!.ms <= TARGET.sweepS * 1000 && sweepFigure!.peakMb <= TARGET.sweepMb;
  console.log(
    `sweeper at ${SIZE} waiting: ${(sweepFigure!.ms / 1000).toFixed(2)} s (target ≤ ${TARGET.sweepS} s), peak RSS ${sweepFigure!.peakMb.toFixed(0)} MB of which ${sweepFigure!.growthMb.toFixed(0)} MB during the sweep (target ≤ ${TARGET.sweepMb} MB): ${sweepOk ? 'within target' : 'OVER TARGET'}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
