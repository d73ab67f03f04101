// A custodian's time series from its stored AnalyticsTimeSeries rows, the same rows the cards
// read: every period of the range present (empty ones as zeros, so a chart has no gaps) and the
// running sums. Both adapters read the rows their own way and assemble them here.
import type { TimeSeries, TimeSeriesPoint } from '@trustrails/contracts';
import { periodStartsBetween, type Granularity } from './windows';

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
