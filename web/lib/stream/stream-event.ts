import 'server-only';
// Maps an `events/{id}` document to the SSE message of docs/contracts/streams.md, and decides who may
// see it. Pure functions, so the mapping is testable without Firestore.
import {
  STREAM_MESSAGE_TYPES,
  STREAM_SOURCE,
  STREAMED_EVENT_TYPES,
  type StreamedEventType,
  type StreamMessage,
} from '@trustrails/contracts';
import type { Identity } from '@/lib/auth/identity';

export interface StreamEvent {
  id: string;
  message: StreamMessage;
}

export interface Parties {
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
}

/** Every type the shared listener reads: the global stream's, and the rollover stream's details. */
export const STREAMED_TYPES = Object.keys(STREAM_MESSAGE_TYPES) as StreamedEventType[];

const isStreamed = (value: unknown): value is StreamedEventType =>
  typeof value === 'string' && Object.hasOwn(STREAM_MESSAGE_TYPES, value);
/** Completions and ETL signals: what the global stream carries. */
const isGlobal = (event: StreamEvent): boolean => Object.hasOwn(STREAMED_EVENT_TYPES, event.message.eventType);

// The figures a detail event may carry onto the stream; participant and account data never do.
const DETAIL_NUMBERS = ['amountCents', 'requestedAmountCents', 'blockNumber'] as const;
const DETAIL_STRINGS = ['method', 'network', 'txHash', 'tokenId'] as const;

function detailOf(data: Record<string, unknown>): NonNullable<StreamMessage['detail']> {
  const detail: NonNullable<StreamMessage['detail']> = {};
  for (const key of DETAIL_NUMBERS) if (typeof data[key] === 'number') detail[key] = data[key];
  for (const key of DETAIL_STRINGS) if (typeof data[key] === 'string') detail[key] = data[key];
  return detail;
}
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function toIso(value: unknown): string | null {
  if (value && typeof value === 'object' && typeof (value as { toDate?: unknown }).toDate === 'function') {
    return (value as { toDate(): Date }).toDate().toISOString();
  }
  return null;
}

/** null for documents that are not streamed or lack the envelope; `parties` fills what eventData lacks (etl.failed). */
export function toStreamEvent(id: string, doc: Record<string, unknown>, parties?: Parties): StreamEvent | null {
  const eventType = doc.eventType;
  const rolloverId = str(doc.rolloverId);
  const timestamp = toIso(doc.timestamp);
  if (!isStreamed(eventType) || !rolloverId || !timestamp) return null;
  const data = (doc.eventData && typeof doc.eventData === 'object' ? doc.eventData : {}) as Record<string, unknown>;
  const message: StreamMessage = {
    type: STREAM_MESSAGE_TYPES[eventType],
    eventType,
    rolloverId,
    transferId: str(data.transferId) ?? parties?.transferId ?? null,
    sourceCustodianId: str(data.sourceCustodianId) ?? parties?.sourceCustodianId ?? null,
    destinationCustodianId: str(data.destinationCustodianId) ?? parties?.destinationCustodianId ?? null,
    timestamp,
    source: STREAM_SOURCE,
  };
  if (Array.isArray(data.tablesPopulated))
    message.tablesPopulated = data.tablesPopulated.filter((t) => typeof t === 'string');
  if (typeof data.processingTimeMs === 'number') message.processingTimeMs = data.processingTimeMs;
  // A revision (a reprocess) says which one, and whom it concerns: the old parties too.
  if (typeof data.revision === 'number' && data.revision > 1) {
    message.revision = data.revision;
    if (Array.isArray(data.custodianIds))
      message.custodianIds = data.custodianIds.filter((c): c is string => typeof c === 'string');
  }
  if (!Object.hasOwn(STREAMED_EVENT_TYPES, eventType)) message.detail = detailOf(data);
  return { id, message };
}

/**
 * A custodian user sees only events it is a party to; an admin sees all. The global stream
 * carries completions and ETL signals only; a rollover stream only its rollover's events, details
 * included. Detail events name no custodian: the rollover stream's route admits only the
 * rollover's parties (and admins) before it opens.
 */
export function isVisible(event: StreamEvent, identity: Identity, rolloverId?: string): boolean {
  if (rolloverId === undefined ? !isGlobal(event) : event.message.rolloverId !== rolloverId) return false;
  if (identity.admin || !isGlobal(event)) return true;
  const custodian = identity.custodianId;
  return custodian !== null && concerns(event.message, custodian);
}

/**
 * Whether a message concerns a custodian: it is the source or the destination, or (a revision) one
 * whose cards the correction changed, such as a destination it took the transfer from.
 */
export const concerns = (message: StreamMessage, custodianId: string): boolean =>
  message.sourceCustodianId === custodianId ||
  message.destinationCustodianId === custodianId ||
  (message.custodianIds?.includes(custodianId) ?? false);

/** One SSE frame: `id:` and a one-line `data:` JSON. */
export const formatFrame = (event: StreamEvent): string =>
  `id: ${event.id}\ndata: ${JSON.stringify(event.message)}\n\n`;
