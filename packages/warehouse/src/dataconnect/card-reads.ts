// What the dashboard reads through the connector: one custodian's monthly cards and its time series,
// both from the stored AnalyticsTimeSeries rows.
import { MAX_TIME_SERIES_POINTS, type MonthlySummary, type TimeSeries } from '@trustrails/contracts';
import { assembleTimeSeries, timeSeriesPeriods, type TimeSeriesQuery } from '../time-series';
import type { Connector } from './connector';
import { readInt } from './wire';

export async function getMonthlySummary(dc: Connector, custodianId: string, month: string): Promise<MonthlySummary> {
  const data = await dc.query<
    {
      analyticsRow: {
        completedCount: number;
        volumeCents: string;
        avgCompletionMs: number | null;
        updatedAt: string;
      } | null;
    },
    'GetMonthlySummary'
  >('GetMonthlySummary', { custodianId, periodStart: `${month}-01` });
  const row = data.analyticsRow;
  const completedCount = readInt(row?.completedCount);
  return {
    custodianId,
    month,
    completedCount,
    volumeCents: readInt(row?.volumeCents),
    avgCompletionMs: completedCount > 0 ? (row?.avgCompletionMs ?? null) : null,
    asOf: completedCount > 0 ? (row?.updatedAt ?? null) : null,
  };
}

export async function getTimeSeries(dc: Connector, query: TimeSeriesQuery): Promise<TimeSeries> {
  const periods = timeSeriesPeriods(query, MAX_TIME_SERIES_POINTS);
  const { analyticsRows } = await dc.query<
    {
      analyticsRows: {
        periodStart: string;
        completedCount: number;
        volumeCents: string;
        avgCompletionMs: number | null;
        updatedAt: string;
      }[];
    },
    'ListAnalyticsRows'
  >('ListAnalyticsRows', {
    custodianId: query.custodianId,
    granularity: query.granularity,
    from: periods[0],
    to: periods.at(-1)!,
  });
  return assembleTimeSeries(
    query,
    periods,
    analyticsRows.map((r) => ({
      periodStart: r.periodStart,
      completedCount: readInt(r.completedCount),
      volumeCents: readInt(r.volumeCents),
      avgCompletionMs: r.avgCompletionMs,
      updatedAt: new Date(r.updatedAt),
    })),
  );
}
