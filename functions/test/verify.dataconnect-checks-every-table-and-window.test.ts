// Phase 6 through the dataconnect adapter checks what it does through the postgres one (the
// emulator test etl.verify-checks-every-table-and-window): every table the rollover wrote and
// every window of both custodians, all five granularities. Driven against the executing double
// (the Data Connect emulator cannot be downloaded here); each fault changes the double's rows
// after phases 2 to 5 ran, and a window fault is made again after each of phase 6's recomputes,
// so they cannot heal it.
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';
import type { DataConnectDouble } from '../../packages/warehouse/test/support/data-connect-double';
import { useDataConnectDouble } from '../../packages/warehouse/test/support/data-connect-harness';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { verify } from '../src/etl/phases/verify';
import { checkNames } from './support/check-names';
import { windowOf } from '@trustrails/warehouse';

const dc = useDataConnectDouble('demo-verify-every-table');

async function loaded(): Promise<RolloverAggregate> {
  const s = uniqueSuffix();
  const r = rollover({
    source: `a-${s}`,
    destination: `b-${s}`,
    amountCents: 25_000,
    completedAt: new Date('2036-05-14T09:30:00Z'),
    durationMs: 120_000,
    chain: true,
  });
  await dc.warehouse.writeCore(r);
  await dc.warehouse.writeChain(r);
  await dc.warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await dc.warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
  return r;
}

/** The double's adapter, with `fault` made again after every refresh (phase 6's recomputes). */
const refaulting = (fault: () => void): Warehouse =>
  Object.assign(Object.create(dc.warehouse) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await dc.warehouse.refreshAnalytics(custodianIds, at);
      fault();
    },
  });

/** The key of the double's row of `table` for this rollover (the first, when it has several). */
const rowKey = (double: DataConnectDouble, table: string, r: RolloverAggregate): string =>
  [...double.rows.keys()].find(
    (key) =>
      key.startsWith(`${table}:`) &&
      (double.rows.get(key)!.transferId === r.transferId || double.rows.get(key)!.entityId === r.transferId),
  )!;

test('a loaded rollover passes with a check for every table and every window of both custodians', async () => {
  const r = await loaded();
  const { verificationChecks, tablesPopulated } = await verify(dc.warehouse, r);
  expect(verificationChecks.filter((c) => !c.passed)).toEqual([]);
  expect(verificationChecks.map((c) => c.check).sort()).toEqual(
    checkNames(r.sourceCustodianId, r.destinationCustodianId).sort(),
  );
  expect(tablesPopulated).toEqual(
    expect.arrayContaining(['financial_breakdowns', 'blockchain_transactions', 'token_movements', 'audit_logs']),
  );
});

// [what goes wrong, the fault, the check that must fail]
const FAULTS: [string, (r: RolloverAggregate) => void, (r: RolloverAggregate) => string][] = [
  [
    'a deleted financial breakdown',
    (r) => dc.double.rows.delete(rowKey(dc.double, 'financialBreakdown', r)),
    () => 'financial_breakdowns.rows',
  ],
  [
    'a missing lineage event',
    (r) => dc.double.rows.delete(rowKey(dc.double, 'transferEvent', r)),
    () => 'transfer_events.rows',
  ],
  [
    'a missing blockchain transaction',
    (r) => dc.double.rows.delete(rowKey(dc.double, 'blockchainTransaction', r)),
    () => 'blockchain_transactions.rows',
  ],
  [
    'a wrong token amount',
    (r) => (dc.double.rows.get(rowKey(dc.double, 'tokenMovement', r))!.amountCents = '1'),
    () => 'token_movements.matching',
  ],
  [
    'a missing status history row',
    (r) => dc.double.rows.delete(rowKey(dc.double, 'transferStatusHistory', r)),
    () => 'transfer_status_history.rows',
  ],
  ['a missing audit row', (r) => dc.double.rows.delete(rowKey(dc.double, 'auditLog', r)), () => 'audit_logs.rows'],
];

test.each(FAULTS)('%s fails verification, naming the check', async (_, fault, failing) => {
  const r = await loaded();
  fault(r);
  await expect(verify(dc.warehouse, r)).rejects.toThrow(`${failing(r)}: expected`);
});

test.each(['daily', 'weekly', 'quarterly', 'yearly'] as const)(
  'a %s row that stays wrong fails verification, naming the window',
  async (granularity) => {
    const r = await loaded();
    const { periodStart } = windowOf(granularity, r.completedAt);
    const warehouse = refaulting(() => {
      dc.double.analyticsRow(r.destinationCustodianId, granularity, periodStart)!.completedCount = 7;
    });
    await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
    await expect(verify(warehouse, r)).rejects.toThrow(
      `${granularity}.${r.destinationCustodianId}.completedCount: expected 1, read 7`,
    );
  },
);
