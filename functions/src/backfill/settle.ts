// A backfill's end: once every run it queued has settled (FINISHED, ERROR or PAUSED: none of them
// moves on by itself), every window its range touches is re-aggregated, daily to yearly, so history
// and analytics agree again. Rebuilding before the runs had written anything would leave past
// windows stale; afterwards it also repairs rows of the range that no run touched (phase 5 rebuilds
// only the windows of its own rollover). Members are checked in queue order from where the last
// sweep stopped, a bounded page per sweep, so a job of 50,000 runs costs each sweep the same.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, isInFlight } from '@trustrails/contracts';
import type { Reaggregator } from '@trustrails/warehouse';
import { runRef } from '../etl/run-state';
import { logs } from '../logs';
import { expiresAfter } from '../retention';
import { jobRef, memberRef, membersOf, QUEUED, SEQ_PER_CHUNK, type JobDoc, type MemberDoc } from './store';

const PAGE = 100;

/**
 * Moves the job's settled count on through members of committed chunks, stopping at the first run
 * still in flight; at most `pages` pages. Returns whether every member has settled.
 */
async function settleMembers(db: Firestore, id: string, job: JobDoc, pages: number): Promise<boolean> {
  const ref = jobRef(db, id);
  // Jobs recorded before chunks existed have none of these fields: they count as fully queued.
  const chunks = job.chunks ?? 0;
  let settled = job.settled ?? 0;
  let settledThrough = job.settledThrough ?? -1;
  let allSettled = false;
  for (let p = 0; p < pages; p += 1) {
    // Only committed chunks: a chunk in hand may still add members below the ones it has written.
    const page = await membersOf(ref)
      .where('seq', '>', settledThrough)
      .where('seq', '<', chunks * SEQ_PER_CHUNK)
      .orderBy('seq')
      .limit(PAGE)
      .get();
    const members = page.docs.map((doc) => ({ id: doc.id, ...(doc.data() as MemberDoc) }));
    const queued = members.filter((m) => QUEUED.includes(m.outcome));
    const runs = queued.length ? await db.getAll(...queued.map((m) => runRef(db, m.id))) : [];
    const statusOf = new Map(runs.map((run) => [run.id, run.get('status') as string | undefined]));
    let stopped = false;
    const passed = db.batch();
    for (const member of members) {
      if (QUEUED.includes(member.outcome)) {
        if (isInFlight(statusOf.get(member.id) ?? '')) {
          stopped = true;
          break;
        }
        settled += 1;
      }
      settledThrough = member.seq;
      // Counted once and never read again by the count: its record expires with the job's retention.
      passed.update(memberRef(ref, member.id), expiresAfter('backfill'));
    }
    await passed.commit();
    if (stopped) break;
    if (page.size < PAGE) {
      allSettled = job.status === 'WAITING';
      break;
    }
  }
  if (settledThrough !== (job.settledThrough ?? -1))
    await ref.update({ settled, settledThrough, updatedAt: FieldValue.serverTimestamp() });
  return allSettled;
}

/**
 * Brings one job's settled count up to date (a bounded scan from where the last one stopped), so
 * its progress moves between sweeps; the re-aggregation stays the sweeper's.
 */
export async function refreshSettled(db: Firestore, id: string, pages = 10): Promise<void> {
  const snap = await jobRef(db, id).get();
  const job = snap.data();
  if (job && job.status !== 'DONE') await settleMembers(db, id, job, pages);
}

/**
 * The sweeper's part: counts the settled runs of every job not yet DONE, and re-aggregates each
 * WAITING job none of whose runs is PENDING or RUNNING. Idempotent: a backfill re-aggregated twice
 * by overlapping sweeps writes the same rows.
 */
export async function reaggregateSettledBackfills(
  db: Firestore,
  warehouse: Reaggregator,
  options: { limit?: number; pages?: number } = {},
): Promise<{ settled: number; rows: number }> {
  const open = await db
    .collection(COLLECTIONS.etlBackfills)
    .where('status', 'in', ['QUEUEING', 'WAITING'])
    .limit(options.limit ?? 20)
    .get();
  const total = { settled: 0, rows: 0 };
  for (const doc of open.docs) {
    const job = doc.data() as JobDoc;
    if (!(await settleMembers(db, doc.id, job, options.pages ?? 20))) continue;
    const t0 = performance.now();
    const input = {
      from: job.from.toDate(),
      to: job.to.toDate(),
      ...(job.custodianId ? { custodianId: job.custodianId } : {}),
    };
    const reaggregated = await reaggregateRange(warehouse, input);
    await doc.ref.update({
      status: 'DONE',
      reaggregated,
      reaggregatedAt: FieldValue.serverTimestamp(),
      ...expiresAfter('backfill'),
    });
    logs.backfillReaggregated({
      backfillId: doc.id,
      runs: job.queued,
      ...reaggregated,
      ms: Math.round(performance.now() - t0),
    });
    total.settled += 1;
    total.rows += reaggregated.rows;
  }
  return total;
}

/**
 * Every window between `from` and `to`, daily ones included: one anchor a day reaches every daily
 * window, and every seventh of them (plus the last day, whose week a weekly step from `from` can
 * miss) the weekly and longer ones, in the same call, so each custodian's day is one transaction.
 */
export async function reaggregateRange(warehouse: Reaggregator, input: { from: Date; to: Date; custodianId?: string }) {
  const total = { custodians: 0, rows: 0 };
  const lastDay = new Date(input.to.getTime() - 1);
  const anchors: Date[] = [];
  for (let d = new Date(input.from); d < input.to; d = new Date(d.getTime() + 86_400_000)) anchors.push(d);
  // The last day, when a whole number of days from `from` does not reach it (a range not on midnight).
  if (anchors.at(-1)!.toISOString().slice(0, 10) !== lastDay.toISOString().slice(0, 10)) anchors.push(lastDay);
  for (const [i, at] of anchors.entries()) {
    const longer = i % 7 === 0 || i === anchors.length - 1;
    const result = await warehouse.reaggregateWindows({
      at,
      granularities: longer ? ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] : ['daily'],
      ...(input.custodianId ? { custodianIds: [input.custodianId] } : {}),
    });
    total.custodians = Math.max(total.custodians, result.custodians);
    total.rows += result.rows;
  }
  return total;
}
