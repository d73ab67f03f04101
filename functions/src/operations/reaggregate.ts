// Scheduled re-aggregation: for each custodian, in its own transaction, rebuild every analytics
// window (daily to yearly, past ones included) holding a transfer that changed since that
// custodian's last successful run, plus the current windows. Progress is a watermark per custodian
// in Firestore, so a failed or interrupted run resumes where each custodian left off, and one
// custodian's failure neither rolls back nor blocks the others.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  COVERED_WINDOWS_CAP,
  CustodianId,
  describeZodError,
  GRANULARITIES,
  MAX_TIME_SERIES_POINTS,
  type CoveredWindow,
  type CoveredWindows,
  type Granularity,
} from '@trustrails/contracts';
import { timeSeriesPeriods, type Reaggregator } from '@trustrails/warehouse';
import { logs } from '../logs';

/** One document per custodian: `{ watermark, windows, rows, at }` of its last successful run. */

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
  /** Which windows were rebuilt, capped (a forced run covers all history). */
  covered: CoveredWindows;
  rows: number;
  failed: { custodianId: string; reason: string }[];
  ms: number;
}

export interface ReaggregateOptions {
  at?: Date;
  custodianIds?: string[];
  /** Rebuild every window of all history, not just those changed since the watermark. */
  force?: boolean;
  /** Rebuild exactly the windows of this range (one granularity, or all), whatever changed. */
  range?: { granularity?: Granularity; from: string; to: string };
}

const emptyReport = (): ReaggregationReport => ({
  custodians: 0,
  windows: 0,
  covered: { windows: [], more: 0 },
  rows: 0,
  failed: [],
  ms: 0,
});

/** Notes a rebuilt window (of one custodian, or of all): listed up to the cap, counted past it. */
function cover(report: ReaggregationReport, window: CoveredWindow): void {
  if (report.covered.windows.length < COVERED_WINDOWS_CAP) report.covered.windows.push(window);
  else report.covered.more += 1;
}

export async function reaggregate(
  db: Firestore,
  warehouse: Reaggregator,
  options: ReaggregateOptions = {},
): Promise<ReaggregationReport> {
  if (options.range) return reaggregateRange(warehouse, options.range, options.custodianIds);
  const t0 = performance.now();
  const at = options.at ?? new Date();
  const listed = options.custodianIds ?? (await warehouse.listCustodianIds());
  const report: ReaggregationReport = { ...emptyReport(), custodians: listed.length };
  // A custodian id becomes a document id below; one that cannot be (left by an older loader: the
  // ETL refuses them now) is reported on its own instead of failing the batch read for everyone.
  const ids = listed.filter((custodianId) => {
    const checked = CustodianId.safeParse(custodianId);
    if (checked.success) return true;
    const reason = `unusable custodianId: ${describeZodError(checked.error, 'custodianId').message}`;
    report.failed.push({ custodianId, reason });
    logs.reaggregationCustodianFailed({ custodianId, reason });
    return false;
  });
  const progress = ids.length
    ? await db.getAll(...ids.map((id) => db.collection(COLLECTIONS.reaggregationProgress).doc(id)))
    : [];
  for (const [i, custodianId] of ids.entries()) {
    const watermark = progress[i]?.get('watermark') as Timestamp | undefined;
    const changedSince = watermark && !options.force ? new Date(watermark.toMillis() - WATERMARK_MARGIN_MS) : null;
    try {
      const result = await warehouse.reaggregateCustodian({ custodianId, changedSince, at });
      await db
        .collection(COLLECTIONS.reaggregationProgress)
        .doc(custodianId)
        .set({
          watermark: Timestamp.fromDate(result.watermark),
          windows: result.windows,
          rows: result.rows,
          at: Timestamp.fromDate(at),
        });
      for (const window of result.covered) cover(report, { custodianId, ...window });
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

/**
 * An admin's rebuild of a date range: every window of the range in the granularity asked (or all
 * five), for the custodians asked (or all), one call per window start; a failure is reported per
 * window and the rest go on. Throws TimeSeriesRangeError past MAX_TIME_SERIES_POINTS windows.
 */
async function reaggregateRange(
  warehouse: Reaggregator,
  range: NonNullable<ReaggregateOptions['range']>,
  custodianIds: string[] | undefined,
): Promise<ReaggregationReport> {
  const t0 = performance.now();
  const granularities = range.granularity ? [range.granularity] : [...GRANULARITIES];
  const plan = granularities.map((granularity) => ({
    granularity,
    periods: timeSeriesPeriods({ granularity, from: range.from, to: range.to }, MAX_TIME_SERIES_POINTS),
  }));
  const report = emptyReport();
  for (const { granularity, periods } of plan) {
    for (const periodStart of periods) {
      try {
        const result = await warehouse.reaggregateWindows({
          at: new Date(`${periodStart}T00:00:00Z`),
          granularities: [granularity],
          ...(custodianIds ? { custodianIds } : {}),
        });
        report.custodians = Math.max(report.custodians, result.custodians);
        report.windows += result.custodians;
        // One window per custodian, listed as one entry for all of them when none was named.
        if (result.custodians > 0)
          for (const custodianId of custodianIds ?? [null]) cover(report, { custodianId, granularity, periodStart });
        report.rows += result.rows;
      } catch (error) {
        const reason = `${granularity} ${periodStart}: ${error instanceof Error ? error.message : String(error)}`;
        report.failed.push({ custodianId: custodianIds?.join(',') ?? '*', reason });
        logs.reaggregationCustodianFailed({ custodianId: custodianIds?.join(',') ?? '*', reason });
      }
    }
  }
  report.ms = Math.round(performance.now() - t0);
  return report;
}
