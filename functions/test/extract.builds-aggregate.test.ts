// Phase 1 as a pure function: events in, one validated aggregate (or a named permanent error) out.
import { Timestamp } from 'firebase-admin/firestore';
import { buildAggregate, type StoredEvent } from '../src/etl/phases/extract';
import { PermanentEtlError } from '../src/etl/errors';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const ts = (offsetMs: number) => Timestamp.fromMillis(T0 + offsetMs);

function event(id: string, eventType: string, offsetMs: number, eventData: Record<string, unknown>): StoredEvent {
  return {
    id,
    data: { eventType, rolloverId: 'r1', userId: 'u', timestamp: ts(offsetMs), source: 'platform', eventData },
  };
}

const initiated = (overrides: Record<string, unknown> = {}) =>
  event('e1', 'rollover.initiated', 0, {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-dst',
    participant: { participantId: 'p1' },
    sourceAccount: { accountId: 'a1', accountType: '401k' },
    destinationAccount: { accountId: 'a2', accountType: 'ira', last4: '9876' },
    requestedAmountCents: 500_000,
    ...overrides,
  });
const completed = (overrides: Record<string, unknown> = {}) =>
  event('e9', 'rollover.completed', 3_600_000, {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-dst',
    amountCents: 499_000,
    ...overrides,
  });

function permanent(events: StoredEvent[]): PermanentEtlError {
  try {
    buildAggregate('r1', events);
  } catch (error) {
    if (error instanceof PermanentEtlError) return error;
    throw error;
  }
  throw new Error('expected a PermanentEtlError');
}

test('a minimal lifecycle gives an aggregate with absent optional data as null, not invented', () => {
  const aggregate = buildAggregate('r1', [completed(), initiated()]);
  expect(aggregate).toMatchObject({
    transferId: 't1',
    amountCents: 499_000,
    requestedAmountCents: 500_000,
    durationMs: 3_600_000,
    financialBreakdown: null,
    fundsSent: null,
    participant: { participantId: 'p1', fullName: null },
    sourceAccount: { last4: null },
    destinationAccount: { last4: '9876' },
    blockchainTransactions: [],
    tokenMovements: [],
  });
  expect(aggregate.events.map((e: { eventType: string }) => e.eventType)).toEqual([
    'rollover.initiated',
    'rollover.completed',
  ]);
});

test('completedAt in the event overrides the document timestamp for the duration', () => {
  const aggregate = buildAggregate('r1', [initiated(), completed({ completedAt: new Date(T0 + 1000).toISOString() })]);
  expect(aggregate.durationMs).toBe(1000);
  expect(aggregate.completedAt.toISOString()).toBe(new Date(T0 + 1000).toISOString());
});

test('chain events become rows only when present', () => {
  const aggregate = buildAggregate('r1', [
    initiated(),
    event('e5', 'blockchain.transaction_recorded', 100, { transferId: 't1', network: 'polygon', txHash: '0xabc' }),
    event('e6', 'token.burned', 200, { transferId: 't1', tokenId: 'tok', amountCents: 10 }),
    completed(),
  ]);
  expect(aggregate.blockchainTransactions).toEqual([
    expect.objectContaining({ txHash: '0xabc', blockNumber: null, network: 'polygon' }),
  ]);
  expect(aggregate.tokenMovements).toEqual([expect.objectContaining({ kind: 'burned', amountCents: 10 })]);
});

test('no rollover.initiated is a permanent error naming it', () => {
  expect(permanent([completed()]).missing).toEqual(['rollover.initiated']);
});

test('missing transferId, negative or float amounts and unknown fields name the field', () => {
  expect(permanent([initiated(), completed({ transferId: undefined })]).missing).toEqual([
    'rollover.completed.eventData.transferId',
  ]);
  expect(permanent([initiated(), completed({ amountCents: -5 })]).missing).toEqual([
    'rollover.completed.eventData.amountCents',
  ]);
  expect(permanent([initiated(), completed({ amountCents: 10.5 })]).missing).toEqual([
    'rollover.completed.eventData.amountCents',
  ]);
  expect(permanent([initiated({ custodianNickname: 'x' }), completed()]).missing).toEqual([
    'rollover.initiated.eventData',
  ]);
});

test('a completion that disagrees with the initiation about the custodians is rejected', () => {
  expect(permanent([initiated(), completed({ destinationCustodianId: 'someone-else' })]).missing).toEqual([
    'rollover.completed.eventData.destinationCustodianId',
  ]);
});

test('unknown event types of the rollover are skipped, not fatal', () => {
  const other = event('e7', 'rollover.note_added', 50, { anything: true });
  expect(buildAggregate('r1', [initiated(), other, completed()]).events).toHaveLength(2);
});

test('the latest rollover.completed wins: a correction supersedes the earlier completion', () => {
  const corrected = event('e10', 'rollover.completed', 7_200_000, {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-dst',
    amountCents: 498_500,
  });
  // Read order must not matter: extract sorts by timestamp, then id.
  const aggregate = buildAggregate('r1', [corrected, completed(), initiated()]);
  expect(aggregate.amountCents).toBe(498_500);
  expect(aggregate.durationMs).toBe(7_200_000);
});

test('a restated rollover.initiated corrects the parties; the rollover still starts at its first initiation', () => {
  const restated = event('e11', 'rollover.initiated', 5_000_000, {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-dst-right',
    participant: { participantId: 'p1' },
    sourceAccount: { accountId: 'a1', accountType: '401k' },
    destinationAccount: { accountId: 'a3', accountType: 'ira' },
    requestedAmountCents: 500_000,
  });
  const recompleted = event('e12', 'rollover.completed', 5_000_001, {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-dst-right',
    amountCents: 499_000,
    completedAt: new Date(T0 + 3_600_000).toISOString(),
  });
  const aggregate = buildAggregate('r1', [recompleted, restated, completed(), initiated()]);
  expect(aggregate).toMatchObject({
    destinationCustodianId: 'c-dst-right',
    destinationAccount: { accountId: 'a3' },
    initiatedAt: new Date(T0),
    durationMs: 3_600_000,
  });
  // A completion that still names the old destination disagrees with the restated initiation.
  expect(permanent([restated, completed(), initiated()]).missing).toEqual([
    'rollover.completed.eventData.destinationCustodianId',
  ]);
});
