// Every admin API input, validated with zod. Ids are restricted to a safe alphabet so that
// injection-looking input is refused at the door rather than passed to a query.
import { z } from 'zod';
import { GRANULARITIES, RunState, calendarDay, documentId } from '@trustrails/contracts';

export const SafeId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -')
  .pipe(documentId());
const DateParam = z.iso
  .date()
  .or(z.iso.datetime({ offset: true }))
  .transform((s) => new Date(s));

export const ListRunsQuery = z.strictObject({
  status: RunState.optional(),
  custodianId: SafeId.optional(),
  from: DateParam.optional(),
  to: DateParam.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: SafeId.optional(),
});

export const RetryBody = z
  .strictObject({ rolloverId: SafeId.optional(), allFailed: z.literal(true).optional() })
  .refine(
    (b) => (b.rolloverId === undefined) !== (b.allFailed === undefined),
    'give exactly one of rolloverId or allFailed: true',
  );

export const BackfillBody = z
  .strictObject({ custodianId: SafeId.optional(), from: DateParam, to: DateParam })
  .refine((b) => b.from < b.to, { message: 'from must be before to', path: ['from'] })
  .refine((b) => b.to.getTime() - b.from.getTime() <= 366 * 86_400_000, {
    message: 'a backfill covers at most 366 days',
    path: ['to'],
  });

export const EmptyBody = z.strictObject({});

export const PauseBody = z.strictObject({ rolloverId: SafeId.optional() });

export const StatusCountsBody = z.strictObject({ rolloverIds: z.array(SafeId).min(1).max(1000) });

export const RedriveBody = z
  .strictObject({ rolloverId: SafeId.optional(), all: z.literal(true).optional() })
  .refine((b) => (b.rolloverId === undefined) !== (b.all === undefined), 'give exactly one of rolloverId or all: true');

export const ListDeadLettersQuery = z.strictObject({
  status: z.enum(['open', 'resolved'], { error: 'status must be open or resolved' }).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: SafeId.optional(),
});

export const DataQualityQuery = z.strictObject({
  granularity: z
    .enum(GRANULARITIES, { error: `granularity must be one of ${GRANULARITIES.join(', ')}` })
    .default('monthly'),
  from: calendarDay('from'),
  to: calendarDay('to'),
});

/** POST /reaggregate: nothing (changed windows, all custodians), or a custodian, force, or a range. */
export const ReaggregateBody = z
  .strictObject({
    custodianId: SafeId.optional(),
    granularity: z.enum(GRANULARITIES, { error: `granularity must be one of ${GRANULARITIES.join(', ')}` }).optional(),
    from: calendarDay('from').optional(),
    to: calendarDay('to').optional(),
    force: z.boolean().optional(),
  })
  .refine((b) => (b.from === undefined) === (b.to === undefined), {
    message: 'give both from and to, or neither',
    path: ['from'],
  })
  .refine((b) => b.granularity === undefined || b.from !== undefined, {
    message: 'granularity needs a range (from and to)',
    path: ['granularity'],
  })
  .refine((b) => !(b.force && b.from !== undefined), {
    message: 'force rebuilds all history; a range rebuilds its windows anyway',
    path: ['force'],
  });
