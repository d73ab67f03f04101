// Phase 1: every event of the rollover becomes one validated aggregate. Validation errors name
// the event type and field at fault and are permanent; absent optional data stays null.
import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, EventEnvelope, parseEventData, type EventDataOf, type EventType } from '@trustrails/contracts';
import type { RolloverAggregate } from '@trustrails/warehouse';
import { ZodError } from 'zod';
import { PermanentEtlError, classifyError } from '../errors';

export interface StoredEvent {
  id: string;
  data: unknown;
}

interface ParsedEvent<T extends EventType = EventType> {
  id: string;
  envelope: EventEnvelope;
  data: EventDataOf<T>;
  at: Date;
}

const SOURCE_TYPES: ReadonlySet<EventType> = new Set([
  'rollover.initiated',
  'rollover.funds_sent',
  'rollover.funds_received',
  'blockchain.transaction_recorded',
  'token.minted',
  'token.burned',
  'rollover.completed',
]);

function parseEvent(event: StoredEvent): ParsedEvent | null {
  // Other event types (the ETL's own, or ones this version does not know) carry nothing to load.
  const type = (event.data as { eventType?: unknown } | null)?.eventType;
  if (!SOURCE_TYPES.has(type as EventType)) return null;
  const envelope = EventEnvelope.safeParse(event.data);
  if (!envelope.success) {
    const { reason, missing } = classifyError(envelope.error, `${COLLECTIONS.events}/${event.id}`);
    throw new PermanentEtlError(reason, missing);
  }
  try {
    return {
      id: event.id,
      envelope: envelope.data,
      data: parseEventData(envelope.data.eventType, envelope.data.eventData),
      at: envelope.data.timestamp.toDate(),
    };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const { reason, missing } = classifyError(error, `${envelope.data.eventType}.eventData`);
    throw new PermanentEtlError(reason, missing);
  }
}

function ofType<T extends EventType>(events: ParsedEvent[], type: T): ParsedEvent<T>[] {
  return events.filter((e) => e.envelope.eventType === type) as ParsedEvent<T>[];
}

/** The latest event of a type wins: a corrected event supersedes the earlier one. */
const latest = <T extends EventType>(events: ParsedEvent<T>[]): ParsedEvent<T> | undefined => events.at(-1);

function requireSame(field: string, expected: string, actual: string): void {
  if (expected !== actual) {
    throw new PermanentEtlError(`${field} is "${actual}" but rollover.initiated says "${expected}"`, [field]);
  }
}

/** Every event names the initiation's transfer, and the completion its custodians. */
function requireOneTransfer(
  events: ParsedEvent[],
  init: EventDataOf<'rollover.initiated'>,
  completed: EventDataOf<'rollover.completed'>,
): void {
  for (const event of events) {
    // Every source event type requires transferId (the schemas above enforce it).
    const eventTransferId = (event.data as { transferId: string }).transferId;
    requireSame(`${event.envelope.eventType}.eventData.transferId`, init.transferId, eventTransferId);
  }
  requireSame('rollover.completed.eventData.sourceCustodianId', init.sourceCustodianId, completed.sourceCustodianId);
  requireSame(
    'rollover.completed.eventData.destinationCustodianId',
    init.destinationCustodianId,
    completed.destinationCustodianId,
  );
}

export function buildAggregate(rolloverId: string, stored: StoredEvent[]): RolloverAggregate {
  const events = stored
    .map(parseEvent)
    .filter((e): e is ParsedEvent => e !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));

  // A restated initiation corrects the parties (custodians, accounts, participant); the rollover
  // still started when it was first initiated, so its duration runs from the first one.
  const initiations = ofType(events, 'rollover.initiated');
  const initiated = latest(initiations);
  const startedAt = initiations[0]?.at;
  if (!initiated || !startedAt)
    throw new PermanentEtlError('no rollover.initiated event for this rollover', ['rollover.initiated']);
  const completed = latest(ofType(events, 'rollover.completed'));
  if (!completed) throw new PermanentEtlError('no rollover.completed event for this rollover', ['rollover.completed']);

  const init = initiated.data;
  const transferId = init.transferId;
  requireOneTransfer(events, init, completed.data);

  const completedAt = completed.data.completedAt ?? completed.at;
  const durationMs = completedAt.getTime() - startedAt.getTime();
  if (durationMs < 0) {
    throw new PermanentEtlError('rollover completed before it was initiated', [
      'rollover.completed.eventData.completedAt',
    ]);
  }

  const sent = latest(ofType(events, 'rollover.funds_sent'));
  const received = latest(ofType(events, 'rollover.funds_received'));
  const tokens = [...ofType(events, 'token.minted'), ...ofType(events, 'token.burned')];

  return {
    rolloverId,
    transferId,
    sourceCustodianId: init.sourceCustodianId,
    destinationCustodianId: init.destinationCustodianId,
    participant: { participantId: init.participant.participantId, fullName: init.participant.fullName ?? null },
    sourceAccount: { ...init.sourceAccount, last4: init.sourceAccount.last4 ?? null },
    destinationAccount: { ...init.destinationAccount, last4: init.destinationAccount.last4 ?? null },
    requestedAmountCents: init.requestedAmountCents,
    amountCents: completed.data.amountCents,
    financialBreakdown: init.financialBreakdown
      ? { ...init.financialBreakdown, employerMatchCents: init.financialBreakdown.employerMatchCents ?? null }
      : null,
    fundsSent: sent ? { amountCents: sent.data.amountCents, method: sent.data.method ?? null, at: sent.at } : null,
    fundsReceived: received ? { amountCents: received.data.amountCents, at: received.at } : null,
    initiatedAt: startedAt,
    completedAt,
    durationMs,
    blockchainTransactions: ofType(events, 'blockchain.transaction_recorded').map((e) => ({
      eventId: e.id,
      network: e.data.network,
      txHash: e.data.txHash,
      blockNumber: e.data.blockNumber ?? null,
      recordedAt: e.at,
    })),
    tokenMovements: tokens.map((e) => ({
      eventId: e.id,
      tokenId: e.data.tokenId,
      kind: e.envelope.eventType === 'token.minted' ? ('minted' as const) : ('burned' as const),
      amountCents: e.data.amountCents,
      occurredAt: e.at,
    })),
    events: events.map((e) => ({
      eventId: e.id,
      eventType: e.envelope.eventType,
      occurredAt: e.at,
      userId: e.envelope.userId,
      source: e.envelope.source,
    })),
  };
}

export async function extract(db: Firestore, rolloverId: string): Promise<RolloverAggregate> {
  const snapshot = await db.collection(COLLECTIONS.events).where('rolloverId', '==', rolloverId).get();
  return buildAggregate(
    rolloverId,
    snapshot.docs.map((doc) => ({ id: doc.id, data: doc.data() })),
  );
}
