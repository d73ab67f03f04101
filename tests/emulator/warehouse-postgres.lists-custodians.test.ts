// The postgres adapter lists every custodian it has loaded, in either role, sorted: the admins'
// custodian picker reads this.
import { PostgresWarehouse } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';

let warehouse: PostgresWarehouse;

beforeAll(() => {
  warehouse = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(() => warehouse.close());

test('lists the source and destination custodians of a loaded transfer, sorted', async () => {
  const s = uniqueSuffix();
  const r = rollover({
    source: `z-src-${s}`,
    destination: `a-dst-${s}`,
    amountCents: 1_000,
    completedAt: new Date(),
    durationMs: 1_000,
  });
  expect(await warehouse.listCustodianIds()).not.toContain(r.sourceCustodianId);

  await warehouse.writeCore(r);

  const ids = await warehouse.listCustodianIds();
  expect(ids).toEqual(expect.arrayContaining([r.sourceCustodianId, r.destinationCustodianId]));
  expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
});
