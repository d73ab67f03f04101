import 'server-only';
// Maps an `events/{id}` document to the SSE message of docs/contracts/streams.md, and decides who may
// see it. Pure functions, so the mapping is testable without Firestore.
import { STREAM_SOURCE, STREAMED_EVENT_TYPES, type StreamedEventType, type StreamMessage } from '@trustrails/contracts';
import type { Identity } from '../auth/identity';

export interface StreamEvent {
  id: string;
  message: StreamMessage;
}

export interface Parties {
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
}

export const STREAMED_TYPES = Object.keys(STREAMED_EVENT_TYPES) as StreamedEventType[];

const isStreamed = (value: unknown): value is StreamedEventType =>
  typeof value === 'string' && Object.hasOwn(STREAMED_EVENT_TYPES, value);
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
    type: STREAMED_EVENT_TYPES[eventType],
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
  return { id, message };
}

/** A custodian user sees only events it is a party to; an admin sees all; a rollover stream only its rollover. */
export function isVisible(event: StreamEvent, identity: Identity, rolloverId?: string): boolean {
  if (rolloverId !== undefined && event.message.rolloverId !== rolloverId) return false;
  if (identity.admin) return true;
  const custodian = identity.custodianId;
  return (
    custodian !== null &&
    (event.message.sourceCustodianId === custodian || event.message.destinationCustodianId === custodian)
  );
}

/** One SSE frame: `id:` and a one-line `data:` JSON. */
export const formatFrame = (event: StreamEvent): string =>
  `id: ${event.id}\ndata: ${JSON.stringify(event.message)}\n\n`;
