// The dataconnect adapter keeps ownership when two writers race: two brand-new rollovers naming
// one new transferId, or one new account id, both read "no owner" before either writes. The
// first write of a new row is an insert, so the second fails on the key, and the loser reports
// the owner (OwnershipConflictError, permanent) while the winner's row stays as it wrote it. Runs
// against the executing double (the Data Connect emulator cannot be downloaded here), which
// overlaps the two transactions as PostgreSQL's READ COMMITTED lets them overlap.
import { OwnershipConflictError } from '../src/errors';
import type { RolloverAggregate } from '../src/port';
import { useDataConnectDouble } from './support/data-connect-harness';
import { rollover, uniqueSuffix } from './support/rollover-fixture';

const dc = useDataConnectDouble('demo-warehouse-race');

afterEach(() => {
  dc.double.beforeWrite = null;
});

/**
 * Holds the first mutation of each of `writers` until every one has reached its first, so that
 * every writer has read the owners (and run its mutation's checks) before any of them writes.
 */
function holdFirstWrites(writers: number): void {
  let arrived = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  dc.double.beforeWrite = async () => {
    if (arrived >= writers) return;
    arrived += 1;
    if (arrived === writers) release();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${arrived} of ${writers} writers reached a write`)), 5_000);
    });
    await Promise.race([released, deadline]).finally(() => clearTimeout(timer));
  };
}

async function race(rollovers: RolloverAggregate[]) {
  holdFirstWrites(rollovers.length);
  const outcomes = await Promise.allSettled(rollovers.map((r) => dc.warehouse.writeCore(r)));
  return outcomes.map((outcome, i) => ({ rollover: rollovers[i]!, outcome }));
}

/** Two writers raced: exactly one must have won and one lost; the pair, and why the loser failed. */
function oneWinner(outcomes: Awaited<ReturnType<typeof race>>) {
  const won = outcomes.filter((o) => o.outcome.status === 'fulfilled');
  const lost = outcomes.filter((o) => o.outcome.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  const reason = (lost[0]!.outcome as PromiseRejectedResult).reason as unknown;
  return { winner: won[0]!.rollover, loser: lost[0]!.rollover, reason };
}

const storedTransfer = (transferId: string) => {
  const t = dc.double.transfers.get(transferId);
  return t && { rolloverId: t.rolloverId, amountCents: t.amountCents, sourceCustodianId: t.sourceCustodianId };
};

test('two new rollovers racing for one new transferId: the loser fails with the conflict, the winner’s amounts stay', async () => {
  const s = uniqueSuffix();
  const completedAt = new Date('2034-05-10T12:00:00Z');
  const first = rollover({ source: `a-${s}`, destination: `b-${s}`, amountCents: 10_000, completedAt, durationMs: 1 });
  const second: RolloverAggregate = {
    ...rollover({ source: `c-${s}`, destination: `b-${s}`, amountCents: 999_999, completedAt, durationMs: 1 }),
    transferId: first.transferId,
  };

  const outcomes = await race([first, second]);

  const { winner, loser, reason } = oneWinner(outcomes);
  expect(reason).toBeInstanceOf(OwnershipConflictError);
  expect(reason).toMatchObject({
    entity: 'transfer',
    id: first.transferId,
    owner: winner.rolloverId,
    claimant: loser.rolloverId,
  });
  expect(storedTransfer(first.transferId)).toEqual({
    rolloverId: winner.rolloverId,
    amountCents: winner.amountCents,
    sourceCustodianId: winner.sourceCustodianId,
  });
});

test('two new rollovers racing for one new account id: the loser fails with the conflict, the account stays the winner’s', async () => {
  const s = uniqueSuffix();
  const completedAt = new Date('2034-05-11T12:00:00Z');
  const first = rollover({ source: `a-${s}`, destination: `b-${s}`, amountCents: 10_000, completedAt, durationMs: 1 });
  const second = rollover({ source: `c-${s}`, destination: `d-${s}`, amountCents: 20_000, completedAt, durationMs: 1 });
  second.sourceAccount = { ...second.sourceAccount, accountId: first.sourceAccount.accountId };

  const outcomes = await race([first, second]);

  const { winner, loser, reason } = oneWinner(outcomes);
  expect(reason).toMatchObject({
    name: 'OwnershipConflictError',
    entity: 'account',
    id: first.sourceAccount.accountId,
    owner: winner.sourceCustodianId,
    claimant: loser.sourceCustodianId,
  });
  expect(dc.double.accounts.get(first.sourceAccount.accountId)?.custodianId).toBe(winner.sourceCustodianId);
  expect(storedTransfer(winner.transferId)).toEqual({
    rolloverId: winner.rolloverId,
    amountCents: winner.amountCents,
    sourceCustodianId: winner.sourceCustodianId,
  });
  expect(dc.double.transfers.has(loser.transferId)).toBe(false);
});

test('two deliveries of one new rollover racing (a redelivered twin) both succeed and leave one transfer', async () => {
  const s = uniqueSuffix();
  const r = rollover({
    source: `a-${s}`,
    destination: `b-${s}`,
    amountCents: 4_200,
    completedAt: new Date('2034-05-12T12:00:00Z'),
    durationMs: 1,
  });

  const outcomes = await race([r, r]);

  expect(outcomes.map((o) => o.outcome.status)).toEqual(['fulfilled', 'fulfilled']);
  expect(storedTransfer(r.transferId)).toEqual({
    rolloverId: r.rolloverId,
    amountCents: r.amountCents,
    sourceCustodianId: r.sourceCustodianId,
  });
});
