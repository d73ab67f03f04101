// The analytics API shapes: the monthly summary (the three cards) and a custodian's time series.
import { z } from 'zod';
import { Id } from './events';
import { GRANULARITIES } from './granularities';

export { GRANULARITIES, type Granularity } from './granularities';

// Years from 1000: year 0 does not exist in PostgreSQL, and Date.UTC reads years 0-99 as 19xx.
export const MONTH_PATTERN = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

export const MonthlySummaryQuery = z.strictObject({
  custodianId: Id,
  month: z.string().regex(MONTH_PATTERN, 'month must be YYYY-MM'),
});

export const MonthlySummary = z.object({
  custodianId: z.string(),
  month: z.string(),
  completedCount: z.number().int().nonnegative(),
  volumeCents: z.number().int().nonnegative(),
  avgCompletionMs: z.number().nullable(),
  asOf: z.string().nullable(),
});
export type MonthlySummary = z.infer<typeof MonthlySummary>;

export { currentMonth } from './months';

export const DAY_PATTERN = /^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// 2031-02-30 matches the pattern; only a round trip through Date tells a real day.
const isCalendarDay = (value: string): boolean => {
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(value);
};

/** A YYYY-MM-DD query parameter that is a real calendar day; errors name the parameter. */
export const calendarDay = (name: string) =>
  z
    .string({ error: `${name} is required (YYYY-MM-DD)` })
    .regex(DAY_PATTERN, `${name} must be YYYY-MM-DD, from the year 1000`)
    .refine(isCalendarDay, `${name} is not a calendar day`);

/** A time series spans at most this many periods, so one request stays one bounded read. */
export const MAX_TIME_SERIES_POINTS = 400;

/** One period of a custodian's time series; an empty period is present with zeros. */
export const TimeSeriesPoint = z.object({
  /** YYYY-MM-DD, the UTC start of the period (weeks start on Monday). */
  periodStart: z.string().regex(DAY_PATTERN),
  completedCount: z.number().int().nonnegative(),
  volumeCents: z.number().int().nonnegative(),
  avgCompletionMs: z.number().nullable(),
  /** Sums over this point and every earlier point of the range. */
  runningCompletedCount: z.number().int().nonnegative(),
  runningVolumeCents: z.number().int().nonnegative(),
});
export type TimeSeriesPoint = z.infer<typeof TimeSeriesPoint>;

export const TimeSeries = z.object({
  custodianId: z.string(),
  granularity: z.enum(GRANULARITIES),
  /** As asked: YYYY-MM-DD, both inclusive; the points are the periods containing any day of it. */
  from: z.string().regex(DAY_PATTERN),
  to: z.string().regex(DAY_PATTERN),
  points: z.array(TimeSeriesPoint).max(MAX_TIME_SERIES_POINTS),
  /** ISO time of the newest ETL change to any point, or null when every point is empty. */
  asOf: z.string().nullable(),
});
export type TimeSeries = z.infer<typeof TimeSeries>;
