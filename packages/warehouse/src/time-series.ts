// A custodian's time series from its stored AnalyticsTimeSeries rows, the same rows the cards
// read: every period of the range present (empty ones as zeros, so a chart has no gaps) and the
// running sums. Both adapters read the rows their own way and assemble them here.
import type { DataQualityPeriod, TimeSeries, TimeSeriesPoint } from '@trustrails/contracts';
import { DATA_QUALITY_FIELDS } from '@trustrails/contracts';
import { periodStartsBetween, windowOf, type Granularity } from './windows';

export interface TimeSeriesQuery {
  custodianId: string;
  granularity: Granularity;
  /** YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
}

export interface StoredWindowRow {
  periodStart: string;
  completedCount: number;
  volumeCents: number;
  avgCompletionMs: number | null;
  updatedAt: Date;
}

export class TimeSeriesRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeSeriesRangeError';
  }
}

const day = (value: string): Date => new Date(`${value}T00:00:00Z`);

/** The period starts the query covers; throws TimeSeriesRangeError past `maxPoints` or when from > to. */
export function timeSeriesPeriods(query: Omit<TimeSeriesQuery, 'custodianId'>, maxPoints: number): string[] {
  if (query.from > query.to) throw new TimeSeriesRangeError(`from: ${query.from} is after to ${query.to}`);
  const starts = periodStartsBetween(query.granularity, day(query.from), day(query.to), maxPoints);
  if (starts.length > maxPoints) {
    throw new TimeSeriesRangeError(
      `to: the range holds more than ${maxPoints} ${query.granularity} periods; ask for a shorter range or a coarser granularity`,
    );
  }
  return starts;
}

export function assembleTimeSeries(query: TimeSeriesQuery, periods: string[], rows: StoredWindowRow[]): TimeSeries {
  const byStart = new Map(rows.map((row) => [row.periodStart, row]));
  let runningCompletedCount = 0;
  let runningVolumeCents = 0;
  let asOf: Date | null = null;
  const points = periods.map((periodStart): TimeSeriesPoint => {
    const row = byStart.get(periodStart);
    const completedCount = row?.completedCount ?? 0;
    const volumeCents = row?.volumeCents ?? 0;
    runningCompletedCount += completedCount;
    runningVolumeCents += volumeCents;
    if (row && completedCount > 0 && (asOf === null || row.updatedAt > asOf)) asOf = row.updatedAt;
    return {
      periodStart,
      completedCount,
      volumeCents,
      avgCompletionMs: completedCount > 0 ? (row?.avgCompletionMs ?? null) : null,
      runningCompletedCount,
      runningVolumeCents,
    };
  });
  return { ...query, points, asOf: (asOf as Date | null)?.toISOString() ?? null };
}

/** The instants a list of period starts spans: the first one's start to the last one's end. */
export function periodBounds(granularity: Granularity, periods: string[]): { start: Date; end: Date } {
  return { start: day(periods[0]!), end: windowOf(granularity, day(periods.at(-1)!)).end };
}

/** Every period present, an empty one with zeros, in order. */
export function fillDataQuality(periods: string[], rows: DataQualityPeriod[]): DataQualityPeriod[] {
  const byStart = new Map(rows.map((row) => [row.periodStart, row]));
  const none = Object.fromEntries(DATA_QUALITY_FIELDS.map((f) => [f, 0])) as DataQualityPeriod['present'];
  return periods.map((periodStart) => byStart.get(periodStart) ?? { periodStart, transfers: 0, present: none });
}
