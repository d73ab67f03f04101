import 'server-only';
// zod schemas of the web API's query parameters.
import { calendarDay, GRANULARITIES, MONTH_PATTERN, RolloverId } from '@trustrails/contracts';
import { z } from 'zod';

const Id = z.string().trim().min(1, 'must be a non-empty id');

/** custodianId may be omitted by a custodian user (it means their own); admins must give it. */
export const MonthlySummaryParams = z.strictObject({
  custodianId: Id.optional(),
  month: z.string({ error: 'month is required (YYYY-MM)' }).regex(MONTH_PATTERN, 'month must be YYYY-MM'),
  // The seed dashboard's URLs send etlComplete=true. Accepted and ignored: the summary is always
  // what the ETL has completed, since the cards read only its analytics rows (docs/contracts/api.md).
  etlComplete: z.enum(['true', 'false'], { error: 'etlComplete must be true or false' }).optional(),
});

/** Like the monthly summary: custodianId defaults to a custodian user's own. */
export const TimeSeriesParams = z.strictObject({
  custodianId: Id.optional(),
  granularity: z.enum(GRANULARITIES, { error: `granularity must be one of ${GRANULARITIES.join(', ')}` }),
  from: calendarDay('from'),
  to: calendarDay('to'),
});

/** The rolloverId names etlRuns/{rolloverId}, so it must be an id Firestore can hold (the contracts' rule). */
export const RolloverStreamParams = z.strictObject({
  rolloverId: z.string({ error: 'rolloverId is required' }).trim().min(1, 'rolloverId is required').pipe(RolloverId),
  lastEventId: z.string().optional(),
});

export const GlobalStreamParams = z.strictObject({ lastEventId: z.string().optional() });

export const EtlRunsParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
