// The dashboard's one SWR resource: the month's summary (the three cards) and the chart's time
// series, fetched together, so a single revalidation on etl_completed re-renders both from one
// result and they never disagree. A failed series never blanks the cards: it is carried as an error.
import type { MonthlySummary, TimeSeries } from '@trustrails/contracts';
import type { Granularity } from '@trustrails/contracts/granularities';
import { fetchJson } from '@/lib/http/fetch-json';

export interface SeriesRange {
  granularity: Granularity;
  /** YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
}

export interface DashboardData {
  summary: MonthlySummary;
  series: TimeSeries | null;
  seriesError: string | null;
}

// Two same-origin URLs in one string key (a URL never holds a raw newline), so the refresh hook
// revalidates both with one mutate(key).
const SEPARATOR = '\n';

export const summaryUrl = (custodianId: string, month: string): string =>
  `/api/analytics/monthly-summary?custodianId=${encodeURIComponent(custodianId)}&month=${month}`;

export const seriesUrl = (custodianId: string, range: SeriesRange): string =>
  `/api/analytics/time-series?custodianId=${encodeURIComponent(custodianId)}` +
  `&granularity=${range.granularity}&from=${range.from}&to=${range.to}`;

export const dashboardKey = (custodianId: string, month: string, range: SeriesRange): string =>
  [summaryUrl(custodianId, month), seriesUrl(custodianId, range)].join(SEPARATOR);

export async function fetchDashboard(key: string): Promise<DashboardData> {
  const [summaryAt = '', seriesAt = ''] = key.split(SEPARATOR);
  const [summary, series] = await Promise.all([
    fetchJson<MonthlySummary>(summaryAt),
    fetchJson<TimeSeries>(seriesAt).then(
      (value) => ({ value, error: null }),
      (error: unknown) => ({ value: null, error: error instanceof Error ? error.message : String(error) }),
    ),
  ]);
  return { summary, series: series.value, seriesError: series.error };
}

const DEFAULT_SPAN: Record<Granularity, (to: Date) => Date> = {
  daily: (to) => new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() - 29)),
  weekly: (to) => new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() - 7 * 25)),
  monthly: (to) => new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 11, 1)),
  quarterly: (to) => new Date(Date.UTC(to.getUTCFullYear() - 2, to.getUTCMonth(), 1)),
  yearly: (to) => new Date(Date.UTC(to.getUTCFullYear() - 4, 0, 1)),
};

const day = (at: Date): string => at.toISOString().slice(0, 10);

/** The range a granularity opens with: ending today, so its last point holds the cards' month. */
export function defaultRange(granularity: Granularity, now: Date = new Date()): SeriesRange {
  return { granularity, from: day(DEFAULT_SPAN[granularity](now)), to: day(now) };
}
