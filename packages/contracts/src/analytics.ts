// The monthly summary API shape and its query parameters.
import { z } from 'zod';
import { Id } from './events';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

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

export const GRANULARITIES = Object.freeze(['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const);
export type Granularity = (typeof GRANULARITIES)[number];

export const currentMonth = (now: Date = new Date()): string => now.toISOString().slice(0, 7);
