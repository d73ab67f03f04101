// Scheduled re-aggregation: for each custodian, in its own transaction, rebuild every analytics
// window (daily to yearly, past ones included) holding a transfer that changed since that
// custodian's last successful run, plus the current windows. Progress is a watermark per custodian
// in Firestore, so a failed or interrupted run resumes where each custodian left off, and one
// custodian's failure neither rolls back nor blocks the others.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { Warehouse } from '@trustrails/warehouse';
import { logs } from '../logs';

/** One document per custodian: `{ watermark, windows, rows, at }` of its last successful run. */
export const REAGGREGATION_PROGRESS = 'reaggregationProgress';

/**
 * How far before the stored watermark the next run looks again. A transfer's updated_at is its
 * transaction's start, which can precede the watermark while the transaction is still open; no
 * transaction lives this long (the pool's statement and idle-in-transaction timeouts are far
 * shorter), and rebuilding a window twice is harmless.
 */
export const WATERMARK_MARGIN_MS = 10 * 60_000;

export interface ReaggregationReport {
  custodians: number;
  windows: number;
  rows: number;
  failed: { custodianId: string; reason: string }[];
  ms: number;
}

export async function reaggregate(
  db: Firestore,
  warehouse: Warehouse,
  options: { at?: Date; custodianIds?: string[] } = {},
): Promise<ReaggregationReport> {
  const t0 = performance.now();
  const at = options.at ?? new Date();
  const ids = options.custodianIds ?? (await warehouse.listCustodianIds());
  const progress = ids.length ? await db.getAll(...ids.map((id) => db.collection(REAGGREGATION_PROGRESS).doc(id))) : [];
  const report: ReaggregationReport = { custodians: ids.length, windows: 0, rows: 0, failed: [], ms: 0 };
  for (const [i, custodianId] of ids.entries()) {
    const watermark = progress[i]?.get('watermark') as Timestamp | undefined;
    const changedSince = watermark ? new Date(watermark.toMillis() - WATERMARK_MARGIN_MS) : null;
    try {
      const result = await warehouse.reaggregateCustodian({ custodianId, changedSince, at });
      await db
        .collection(REAGGREGATION_PROGRESS)
        .doc(custodianId)
        .set({
          watermark: Timestamp.fromDate(result.watermark),
          windows: result.windows,
          rows: result.rows,
          at: Timestamp.fromDate(at),
        });
      report.windows += result.windows;
      report.rows += result.rows;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failed.push({ custodianId, reason });
      logs.reaggregationCustodianFailed({ custodianId, reason });
    }
  }
  report.ms = Math.round(performance.now() - t0);
  return report;
}
