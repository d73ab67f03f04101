// UTC analytics windows (weeks start Monday), computed in code for both adapters (the postgres
// adapter's verify reads the same windows with date_trunc).
import { GRANULARITIES, type Granularity } from '@trustrails/contracts';

export { GRANULARITIES, type Granularity };

/**
 * Each granularity in SQL, the one map for every query: Postgres's date_trunc unit for its periods
 * (UTC; ISO weeks start Monday, as windowOf) and its window's length as an interval.
 */
export const GRANULARITY_SQL = Object.freeze({
  daily: { trunc: 'day', length: '1 day' },
  weekly: { trunc: 'week', length: '1 week' },
  monthly: { trunc: 'month', length: '1 month' },
  quarterly: { trunc: 'quarter', length: '3 months' },
  yearly: { trunc: 'year', length: '1 year' },
} as const satisfies Record<Granularity, { trunc: string; length: string }>);

/** The distinct windows of `granularity` containing any of `instants`, by period start. */
export function windowsOf(granularity: Granularity, instants: Date[]): string[] {
  return [...new Set(instants.map((at) => windowOf(granularity, at).periodStart))].sort();
}

export interface Window {
  start: Date;
  end: Date;
  /** YYYY-MM-DD, the period_start column. */
  periodStart: string;
}

export function windowOf(granularity: Granularity, at: Date): Window {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  let start: Date;
  let end: Date;
  switch (granularity) {
    case 'daily':
      start = new Date(Date.UTC(y, m, d));
      end = new Date(Date.UTC(y, m, d + 1));
      break;
    case 'weekly': {
      const sinceMonday = (at.getUTCDay() + 6) % 7;
      start = new Date(Date.UTC(y, m, d - sinceMonday));
      end = new Date(Date.UTC(y, m, d - sinceMonday + 7));
      break;
    }
    case 'monthly':
      start = new Date(Date.UTC(y, m, 1));
      end = new Date(Date.UTC(y, m + 1, 1));
      break;
    case 'quarterly':
      start = new Date(Date.UTC(y, m - (m % 3), 1));
      end = new Date(Date.UTC(y, m - (m % 3) + 3, 1));
      break;
    case 'yearly':
      start = new Date(Date.UTC(y, 0, 1));
      end = new Date(Date.UTC(y + 1, 0, 1));
      break;
  }
  return { start, end, periodStart: start.toISOString().slice(0, 10) };
}

/**
 * The period starts of `granularity` from the period containing `from` to the one containing
 * `to`, in order; at most `limit` + 1 of them, so a caller can tell "too many" without building
 * them all.
 */
export function periodStartsBetween(granularity: Granularity, from: Date, to: Date, limit: number): string[] {
  const starts: string[] = [];
  const last = windowOf(granularity, to).start.getTime();
  for (let w = windowOf(granularity, from); w.start.getTime() <= last && starts.length <= limit;) {
    starts.push(w.periodStart);
    w = windowOf(granularity, w.end);
  }
  return starts;
}
