// Both adapters refuse a rollover that names another's rows: a transferId already loaded for
// another rollover, or an account id already another custodian's. The refusal is an
// OwnershipConflictError naming the owner, and the first rollover's rows stay exactly as they were.
import { OwnershipConflictError, type RolloverAggregate } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { dataConnectAdapter, postgresAdapter, type AdapterUnderTest } from '../support/adapters';

const adapters: [string, () => Promise<AdapterUnderTest>][] = [
  ['postgres', async () => postgresAdapter()],
  ['dataconnect', dataConnectAdapter],
];

describe.each(adapters)('the %s adapter', (_name, make) => {
  let a: AdapterUnderTest;
  beforeAll(async () => {
    a = await make();
  });
  afterAll(() => a.close());

  async function load(r: RolloverAggregate): Promise<void> {
    await a.warehouse.writeCore(r);
    await a.warehouse.writeChain(r);
    await a.warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
    await a.warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
  }

  it('refuses a reused transferId or a foreign account and leaves the owner’s rows unchanged', async () => {
    const s = uniqueSuffix();
    const completedAt = new Date('2033-02-10T12:00:00Z');
    const first = rollover({
      source: `a-${s}`,
      destination: `b-${s}`,
      amountCents: 10_000,
      completedAt,
      durationMs: 60_000,
    });
    await load(first);
    const before = await a.snapshot(first.transferId);
    const summaryBefore = await a.warehouse.getMonthlySummary(first.sourceCustodianId, '2033-02');

    const reusedTransfer: RolloverAggregate = {
      ...rollover({ source: `c-${s}`, destination: `b-${s}`, amountCents: 999_999, completedAt, durationMs: 1 }),
      transferId: first.transferId,
    };
    const writeReused = a.warehouse.writeCore(reusedTransfer);
    await expect(writeReused).rejects.toBeInstanceOf(OwnershipConflictError);
    await expect(writeReused).rejects.toThrow(
      `transfer ${first.transferId} belongs to rollover ${first.rolloverId}, not ${reusedTransfer.rolloverId}`,
    );

    const foreign = rollover({ source: `c-${s}`, destination: `d-${s}`, amountCents: 5, completedAt, durationMs: 1 });
    foreign.sourceAccount = { ...foreign.sourceAccount, accountId: first.sourceAccount.accountId };
    await expect(a.warehouse.writeCore(foreign)).rejects.toThrow(
      `account ${first.sourceAccount.accountId} belongs to custodian ${first.sourceCustodianId}, not c-${s}`,
    );

    expect(await a.snapshot(first.transferId)).toEqual(before);
    expect(await a.warehouse.getMonthlySummary(first.sourceCustodianId, '2033-02')).toEqual(summaryBefore);
    expect(summaryBefore).toMatchObject({ completedCount: 1, volumeCents: 10_000 });
    // The refused rollovers left no transfer of their own either.
    expect(await a.snapshot(foreign.transferId)).toEqual(a.name === 'postgres' ? [] : null);
  });
});
