// Backfill a date range: enqueue every completed rollover in it that has not FINISHED, then
// re-aggregate the windows it touches, so history and analytics agree again.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { RUN_STATES } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { enqueueRollover, type Publish } from '../etl/enqueue';
import { runRef } from '../etl/run-state';
import { retryRun } from './retry-runs';

export interface BackfillInput {
  from: Date;
  to: Date;
  custodianId?: string;
}

export interface BackfillReport {
  completions: number;
  alreadyFinished: number;
  enqueued: number;
  retried: number;
  inFlight: number;
  /** What the caller can watch: every rollover this backfill put on the queue. */
  queued: string[];
  reaggregated: { custodians: number; rows: number };
}

export async function backfill(
  db: Firestore,
  warehouse: Warehouse,
  publish: Publish,
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
    reaggregated: { custodians: 0, rows: 0 },
  };
  const seen = new Set<string>();
  for (const doc of matching) {
    const rolloverId = doc.get('rolloverId') as string;
    if (!rolloverId || seen.has(rolloverId)) continue;
    seen.add(rolloverId);
    const status = (await runRef(db, rolloverId).get()).data()?.status;
    if (status === RUN_STATES.FINISHED) report.alreadyFinished += 1;
    else if (status === RUN_STATES.ERROR) {
      if ((await retryRun(db, publish, rolloverId))?.retried) {
        report.retried += 1;
        report.queued.push(rolloverId);
      }
    } else if (status) {
      report.inFlight += 1;
      report.queued.push(rolloverId);
    } else if ((await enqueueRollover(db, publish, rolloverId, doc.id)).publish) {
      report.enqueued += 1;
      report.queued.push(rolloverId);
    }
  }
  report.reaggregated = await reaggregateRange(warehouse, input);
  return report;
}

/** Every window between `from` and `to`: one anchor a week reaches every weekly and longer window. */
async function reaggregateRange(warehouse: Warehouse, input: BackfillInput) {
  const total = { custodians: 0, rows: 0 };
  const anchors: Date[] = [];
  for (let d = new Date(input.from); d < input.to; d = new Date(d.getTime() + 7 * 86_400_000)) anchors.push(d);
  for (const at of anchors) {
    const result = await warehouse.reaggregateWindows({
      at,
      granularities: ['weekly', 'monthly', 'quarterly', 'yearly'],
      ...(input.custodianId ? { custodianIds: [input.custodianId] } : {}),
    });
    total.custodians = Math.max(total.custodians, result.custodians);
    total.rows += result.rows;
  }
  return total;
}
