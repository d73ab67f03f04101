// Backfill a date range: enqueue every completed rollover in it that has not FINISHED, then, once
// those runs have settled, re-aggregate every window the range touches (daily to yearly), so history and analytics
// agree again. Re-aggregating at once would rebuild the windows before the runs had written
// anything; afterwards it also repairs rows of the range that no run touched (phase 5 rebuilds
// only the windows of its own rollover). The backfill is recorded in etlBackfills/{id} and the sweeper
// re-aggregates it when none of its runs is PENDING or RUNNING any more.
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { LANES, RUN_STATES, type AdminBackfillReport } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { enqueueRollover, liveOf, type EtlQueue } from '../etl/enqueue';
import { runRef, type ClaimResult } from '../etl/run-state';
import { logs } from '../logs';
import { retryRun } from './retry-runs';

export const BACKFILLS = 'etlBackfills';

export interface BackfillInput {
  from: Date;
  to: Date;
  custodianId?: string;
}

/** The admin API's answer to POST /backfill (packages/contracts admin-api.ts). */
export type BackfillReport = AdminBackfillReport;

export async function backfill(
  db: Firestore,
  warehouse: Warehouse,
  queue: EtlQueue,
  input: BackfillInput,
): Promise<BackfillReport> {
  const events = await db
    .collection('events')
    .where('eventType', '==', 'rollover.completed')
    .where('timestamp', '>=', Timestamp.fromDate(input.from))
    .where('timestamp', '<', Timestamp.fromDate(input.to))
    .get();
  const matching = events.docs.filter((doc) => {
    if (!input.custodianId) return true;
    const data = doc.get('eventData') ?? {};
    return data.sourceCustodianId === input.custodianId || data.destinationCustodianId === input.custodianId;
  });
  const report: BackfillReport = {
    completions: matching.length,
    alreadyFinished: 0,
    enqueued: 0,
    retried: 0,
    inFlight: 0,
    queued: [],
    backfillId: null,
    reaggregated: null,
  };
  const seen = new Set<string>();
  for (const doc of matching) {
    const rolloverId = doc.get('rolloverId') as string;
    if (!rolloverId || seen.has(rolloverId)) continue;
    seen.add(rolloverId);
    const status = (await runRef(db, rolloverId).get()).data()?.status;
    if (status === RUN_STATES.FINISHED) report.alreadyFinished += 1;
    else if (status === RUN_STATES.ERROR) {
      if ((await retryRun(db, rolloverId))?.retried) {
        report.retried += 1;
        report.queued.push(rolloverId);
      }
    } else if (status) {
      report.inFlight += 1;
      report.queued.push(rolloverId);
    } else if (isQueued(await enqueueRollover(db, liveOf(queue), rolloverId, doc.id, LANES.BULK))) {
      report.enqueued += 1;
      report.queued.push(rolloverId);
    }
  }
  // Every run is queued first and dispatched after, so the lane takes them oldest first, a few at a time.
  await queue.topUpBulk();
  if (report.queued.length === 0) {
    report.reaggregated = await reaggregateRange(warehouse, input);
    return report;
  }
  const record = db.collection(BACKFILLS).doc();
  await record.create({
    from: Timestamp.fromDate(input.from),
    to: Timestamp.fromDate(input.to),
    custodianId: input.custodianId ?? null,
    rolloverIds: report.queued,
    status: 'WAITING',
    createdAt: FieldValue.serverTimestamp(),
    reaggregatedAt: null,
    reaggregated: null,
  });
  report.backfillId = record.id;
  return report;
}

const isQueued = (claim: ClaimResult): boolean => claim.publish === null && claim.queued === true;

const IN_FLIGHT: readonly string[] = [RUN_STATES.PENDING, RUN_STATES.RUNNING];

/**
 * The sweeper's part: re-aggregate every waiting backfill none of whose runs is PENDING or RUNNING
 * (FINISHED, ERROR and PAUSED runs will not move on by themselves). Idempotent: a backfill
 * re-aggregated twice by overlapping sweeps writes the same rows.
 */
export async function reaggregateSettledBackfills(
  db: Firestore,
  warehouse: Warehouse,
  limit = 20,
): Promise<{ settled: number; rows: number }> {
  const waiting = await db.collection(BACKFILLS).where('status', '==', 'WAITING').limit(limit).get();
  const total = { settled: 0, rows: 0 };
  for (const doc of waiting.docs) {
    const rolloverIds = doc.get('rolloverIds') as string[];
    let inFlight = false;
    for (let i = 0; i < rolloverIds.length && !inFlight; i += 100) {
      const runs = await db.getAll(...rolloverIds.slice(i, i + 100).map((id) => runRef(db, id)));
      inFlight = runs.some((run) => IN_FLIGHT.includes(run.get('status')));
    }
    if (inFlight) continue;
    const t0 = performance.now();
    const input = {
      from: (doc.get('from') as Timestamp).toDate(),
      to: (doc.get('to') as Timestamp).toDate(),
      ...(doc.get('custodianId') ? { custodianId: doc.get('custodianId') as string } : {}),
    };
    const reaggregated = await reaggregateRange(warehouse, input);
    await doc.ref.update({ status: 'DONE', reaggregated, reaggregatedAt: FieldValue.serverTimestamp() });
    logs.backfillReaggregated({
      backfillId: doc.id,
      runs: rolloverIds.length,
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
async function reaggregateRange(warehouse: Warehouse, input: BackfillInput) {
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
