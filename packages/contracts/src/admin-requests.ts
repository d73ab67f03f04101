// Every admin API input (path ids, query and body), validated with zod; admin-route-schemas.ts
// keys them by route. Ids follow the ETL's own rule (the contracts'
// document-id rule), so every run the ETL can hold can be viewed, retried, paged past and counted;
// ids go to Firestore as values and document ids only, never into a query string or SQL text.
import { z } from 'zod';
import { calendarDay } from './analytics';
import { CustodianId, RolloverId, documentId } from './events';
import { RunState } from './etl-run';
import { GRANULARITIES } from './granularities';

const RunId = RolloverId;
/** Ids of the server's own documents (dead letters, backfill jobs): any Firestore document id. */
export const ServerDocumentId = documentId();

/** Years from 1000: year 0 does not exist in PostgreSQL, and years 1-99 are easily read as 19xx. */
const DateParam = z.iso
  .date()
  .or(z.iso.datetime({ offset: true }))
  .refine((s) => /^[1-9]/.test(s), { message: 'must be a date from the year 1000', abort: true })
  .transform((s) => new Date(s));

export const ListRunsQuery = z.strictObject({
  status: RunState.optional(),
  custodianId: CustodianId.optional(),
  from: DateParam.optional(),
  to: DateParam.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: RunId.optional(),
});

export const RetryBody = z
  .strictObject({ rolloverId: RunId.optional(), allFailed: z.literal(true).optional() })
  .refine(
    (b) => (b.rolloverId === undefined) !== (b.allFailed === undefined),
    'give exactly one of rolloverId or allFailed: true',
  );

export const BackfillBody = z
  .strictObject({
    custodianId: CustodianId.optional(),
    from: DateParam,
    to: DateParam,
    includeFinished: z.boolean().optional(),
  })
  .refine((b) => b.from < b.to, { message: 'from must be before to', path: ['from'] })
  .refine((b) => b.to.getTime() - b.from.getTime() <= 366 * 86_400_000, {
    message: 'a backfill covers at most 366 days',
    path: ['to'],
  });

export const EmptyBody = z.strictObject({});

export const PauseBody = z.strictObject({ rolloverId: RunId.optional() });

export const StatusCountsBody = z.strictObject({ rolloverIds: z.array(RunId).min(1).max(1000) });

export const RedriveBody = z
  .strictObject({ rolloverId: RunId.optional(), all: z.literal(true).optional() })
  .refine((b) => (b.rolloverId === undefined) !== (b.all === undefined), 'give exactly one of rolloverId or all: true');

export const ListDeadLettersQuery = z.strictObject({
  status: z.enum(['open', 'resolved'], { error: 'status must be open or resolved' }).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: ServerDocumentId.optional(),
});

/** GET /audit and GET /runs/:id/audit: a page of the trail, newest first, after the entry `pageToken`. */
export const AuditQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: ServerDocumentId.optional(),
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
    custodianId: CustodianId.optional(),
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

/**
 * An id from a path segment, still percent-encoded as it came: decoded here (a malformed escape
 * is a 400 like any bad id, not a 500), then held to the id's own rule.
 */
const decodedSegment = <T extends z.ZodType<string, string>>(id: T) =>
  z
    .string()
    .transform((raw, ctx) => {
      try {
        return decodeURIComponent(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not a valid percent-encoded id' });
        return z.NEVER;
      }
    })
    .pipe(id);

export const RunIdSegment = decodedSegment(RunId);
export const BackfillIdSegment = decodedSegment(ServerDocumentId);
