// The admin API's data-quality report: per period, how many completed transfers have each optional
// field the ETL keeps as NULL when the events leave it out, and the etl.failed count by reason.
import { z } from 'zod';
import { DAY_PATTERN, GRANULARITIES } from './analytics';

const count = z.number().int().nonnegative();

/** How many transfers have each optional field; the keys, in order, are the fields the report lists. */
const Counts = z.object({
  participantName: count,
  sourceAccountLast4: count,
  destinationAccountLast4: count,
  financialBreakdown: count,
  employerMatch: count,
  fundsMethod: count,
  chainRows: count,
});
export type DataQualityField = keyof typeof Counts.shape;
export const DATA_QUALITY_FIELDS = Object.freeze(Object.keys(Counts.shape) as DataQualityField[]);

export const DataQualityPeriod = z.object({
  periodStart: z.string().regex(DAY_PATTERN),
  /** Completed transfers in the period (by completed_at, UTC). */
  transfers: count,
  /** How many of them have each field. */
  present: Counts,
});
export type DataQualityPeriod = z.infer<typeof DataQualityPeriod>;

export const DataQualityReport = z.object({
  granularity: z.enum(GRANULARITIES),
  from: z.string().regex(DAY_PATTERN),
  to: z.string().regex(DAY_PATTERN),
  fields: z.array(Counts.keyof()),
  periods: z.array(DataQualityPeriod),
  /** etl.failed events written from `from` to the end of `to` (UTC), by reason, most frequent first. */
  failures: z.object({
    total: z.number().int().nonnegative(),
    byReason: z.array(z.object({ reason: z.string(), count: z.number().int().positive() })),
    /** True when more failures matched than the report reads (FAILURES_READ_LIMIT). */
    truncated: z.boolean(),
  }),
});
export type DataQualityReport = z.infer<typeof DataQualityReport>;
