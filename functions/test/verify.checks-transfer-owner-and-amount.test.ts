// Phase 6 checks that the stored transfer is this rollover's and carries its amount, not only that
// a row with its transferId exists: a transfer another rollover holds, or one whose amount differs
// from the rollover's, fails verification instead of being announced. Driven through the
// dataconnect adapter against the executing double (the Data Connect emulator cannot be
// downloaded here); the stored row is changed in the double after the load, the only way to
// reach that state once phase 2 refuses it.
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { DataConnectWarehouse, type RolloverAggregate } from '@trustrails/warehouse';
import { DataConnectDouble } from '../../packages/warehouse/test/support/data-connect-double';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { verify } from '../src/etl/phases/verify';

let double: DataConnectDouble;
let app: App;
let warehouse: DataConnectWarehouse;

beforeAll(async () => {
  double = new DataConnectDouble();
  process.env.DATA_CONNECT_EMULATOR_HOST = await double.start();
  app = initializeApp({ projectId: 'demo-verify-identity' });
  warehouse = new DataConnectWarehouse({ serviceId: 'trustrails', location: 'us-central1', connector: 'etl' });
});

afterAll(async () => {
  delete process.env.DATA_CONNECT_EMULATOR_HOST;
  await deleteApp(app);
  await double.stop();
});

async function loaded(): Promise<RolloverAggregate> {
  const s = uniqueSuffix();
  const r = rollover({
    source: `a-${s}`,
    destination: `b-${s}`,
    amountCents: 12_345,
    completedAt: new Date('2035-01-15T12:00:00Z'),
    durationMs: 60_000,
  });
  await warehouse.writeCore(r);
  await warehouse.writeChain(r);
  await warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
  return r;
}

test('a loaded rollover passes, with its owner and amount among the checks', async () => {
  const r = await loaded();
  const { verificationChecks } = await verify(warehouse, r);
  expect(verificationChecks).toEqual(
    expect.arrayContaining([
      { check: 'transfer.rolloverId', expected: true, actual: true, passed: true },
      { check: 'transfer.amountCents', expected: 12_345, actual: 12_345, passed: true },
    ]),
  );
});

test('a stored transfer whose amount differs from the rollover’s fails verification', async () => {
  const r = await loaded();
  double.transfers.get(r.transferId)!.amountCents = 99_999;
  await expect(verify(warehouse, r)).rejects.toThrow('transfer.amountCents: expected 12345, read 99999');
});

test('a stored transfer that another rollover holds fails verification', async () => {
  const r = await loaded();
  double.transfers.get(r.transferId)!.rolloverId = `ro-other-${uniqueSuffix()}`;
  await expect(verify(warehouse, r)).rejects.toThrow('transfer.rolloverId: expected true, read false');
});
