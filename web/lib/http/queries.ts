import 'server-only';
// zod schemas of the web API's query parameters.
import { MONTH_PATTERN } from '@trustrails/contracts';
import { z } from 'zod';

const Id = z.string().trim().min(1, 'must be a non-empty id');

/** custodianId may be omitted by a custodian user (it means their own); admins must give it. */
export const MonthlySummaryParams = z.strictObject({
  custodianId: Id.optional(),
  month: z.string({ error: 'month is required (YYYY-MM)' }).regex(MONTH_PATTERN, 'month must be YYYY-MM'),
});

export const RolloverStreamParams = z.strictObject({
  rolloverId: z.string({ error: 'rolloverId is required' }).trim().min(1, 'rolloverId is required'),
  lastEventId: z.string().optional(),
});

export const GlobalStreamParams = z.strictObject({ lastEventId: z.string().optional() });

export const EtlRunsParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
