// The Firestore `events/{eventId}` envelope and each event type's eventData (docs/contracts/events.md).
import { z } from 'zod';

/** Ids are non-empty strings; surrounding whitespace is a data error, not a different id. */
export const Id = z.string().trim().min(1);

// TextEncoder, not Buffer: the contracts also run in the browser.
const utf8 = new TextEncoder();

/**
 * Firestore's rules for a document id: no `/`, not `.` or `..`, not `__…__` (reserved), at most
 * 1,500 bytes of UTF-8. An id that breaks them cannot be read or written, so it is refused where
 * it enters rather than failing (and being retried) at every write.
 */
export const documentId = (maxBytes = 1_500) =>
  Id.refine((id) => !id.includes('/'), 'must not contain "/"')
    .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."')
    .refine((id) => !/^__[\s\S]*__$/.test(id), 'must not match __.*__ (reserved by Firestore)')
    .refine((id) => utf8.encode(id).length <= maxBytes, `must be at most ${maxBytes} bytes (UTF-8)`);

/**
 * A rolloverId names etlRuns/{rolloverId} and, with a prefix, events/etl-completed-{rolloverId} and
 * events/etl-failed-{rolloverId}-{attempt}; the margin keeps those derived ids within 1,500 bytes too.
 */
export const RolloverId = documentId(1_500 - 64);

/** A custodian id names reaggregationProgress/{custodianId}, so it follows the same rule. */
export const CustodianId = documentId();

/** Money is integer cents, never floats or negatives. */
export const Cents = z.number().int().nonnegative().safe();

/** A Firestore Timestamp without importing either SDK: both expose toDate(). */
export const TimestampLike = z.custom<{ toDate(): Date }>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { toDate?: unknown }).toDate === 'function',
  { message: 'expected a Firestore Timestamp' },
);

/** Dates inside eventData are ISO-8601 strings or Timestamps; both normalise to Date. */
export const DateLike = z.union([
  z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  TimestampLike.transform((t) => t.toDate()),
  z.date(),
]);

const AccountRef = z.strictObject({
  accountId: Id,
  accountType: Id,
  last4: z
    .string()
    .regex(/^\d{4}$/, 'last4 must be four digits')
    .optional(),
});

export const RolloverInitiatedData = z.strictObject({
  transferId: Id,
  sourceCustodianId: CustodianId,
  destinationCustodianId: CustodianId,
  participant: z.strictObject({ participantId: Id, fullName: z.string().min(1).optional() }),
  sourceAccount: AccountRef,
  destinationAccount: AccountRef,
  requestedAmountCents: Cents,
  financialBreakdown: z
    .strictObject({
      preTaxCents: Cents,
      rothCents: Cents,
      afterTaxCents: Cents,
      employerMatchCents: Cents.optional(),
    })
    .optional(),
});

export const FundsSentData = z.strictObject({
  transferId: Id,
  amountCents: Cents,
  method: z.enum(['ach', 'wire', 'check']).optional(),
});

export const FundsReceivedData = z.strictObject({ transferId: Id, amountCents: Cents });

export const BlockchainRecordedData = z.strictObject({
  transferId: Id,
  network: Id,
  txHash: Id,
  blockNumber: z.number().int().nonnegative().optional(),
});

export const TokenData = z.strictObject({ transferId: Id, tokenId: Id, amountCents: Cents });

export const RolloverCompletedData = z.strictObject({
  transferId: Id,
  sourceCustodianId: CustodianId,
  destinationCustodianId: CustodianId,
  amountCents: Cents,
  completedAt: DateLike.optional(),
});

/** One value phase 6 read back and compared with what it must be (a fresh recomputation). */
export const VerificationCheck = z.strictObject({
  check: z.string().min(1),
  expected: z.union([z.number(), z.boolean(), z.null()]),
  actual: z.union([z.number(), z.boolean(), z.null()]),
  passed: z.boolean(),
});
export type VerificationCheck = z.infer<typeof VerificationCheck>;

export const EtlCompletedData = z.strictObject({
  transferId: Id,
  sourceCustodianId: CustodianId,
  destinationCustodianId: CustodianId,
  /** The custodians whose cards this rollover changed (source and destination, once each). */
  custodianIds: z.array(CustodianId).min(1),
  tablesPopulated: z.array(z.string()).refine((t) => t.includes('transfers'), 'must contain "transfers"'),
  /** What phase 6 read back: every check passed, or there would be no etl.completed. */
  verificationChecks: z.array(VerificationCheck).min(1),
  processingTimeMs: z.number().nonnegative(),
  phaseTimingsMs: z.record(z.string(), z.number().nonnegative()),
  etlVersion: z.string().min(1),
  /**
   * Which load of the rollover this signal announces: absent on the first (so the first signal stays
   * exactly as it always was), 2 and up after each admin reprocess. One signal per revision.
   */
  revision: z.number().int().min(2).optional(),
});

export const EtlFailedData = z.strictObject({
  transferId: Id.optional(),
  reason: z.string().min(1),
  missing: z.array(z.string()),
  retryable: z.boolean(),
  attempt: z.number().int().positive(),
});

export const EVENT_DATA_SCHEMAS = {
  'rollover.initiated': RolloverInitiatedData,
  'rollover.funds_sent': FundsSentData,
  'rollover.funds_received': FundsReceivedData,
  'blockchain.transaction_recorded': BlockchainRecordedData,
  'token.minted': TokenData,
  'token.burned': TokenData,
  'rollover.completed': RolloverCompletedData,
  'etl.completed': EtlCompletedData,
  'etl.failed': EtlFailedData,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_DATA_SCHEMAS) as EventType[]);

/** The envelope, with eventData still unparsed: parse it with `parseEventData`. */
export const EventEnvelope = z.object({
  eventType: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  rolloverId: RolloverId,
  userId: Id,
  timestamp: TimestampLike,
  eventData: z.record(z.string(), z.unknown()),
  source: Id,
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export type EventDataOf<T extends EventType> = z.infer<(typeof EVENT_DATA_SCHEMAS)[T]>;

export function parseEventData<T extends EventType>(type: T, data: unknown): EventDataOf<T> {
  return EVENT_DATA_SCHEMAS[type].parse(data) as EventDataOf<T>;
}

export const ETL_SYSTEM_USER = 'system-etl';
export const ETL_EVENT_SOURCE = 'master-etl-orchestrator';

/**
 * The document id of a rollover's etl.completed for one revision. Revision 1 keeps the id it always
 * had; later ones start with a prefix no first signal can have (every first signal's id starts with
 * `etl-completed-`, and a rolloverId may itself end in `-r2`), so no two rollovers' signals share an
 * id, and the revision number comes before the id, so `{n}-{rolloverId}` reads one way only.
 */
export const etlCompletedEventId = (rolloverId: string, revision = 1): string =>
  revision <= 1 ? `etl-completed-${rolloverId}` : `etl-revision-${revision}-${rolloverId}`;
