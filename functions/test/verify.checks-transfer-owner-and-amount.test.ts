// Phase 6 checks that the stored transfer is this rollover's and carries its amount, not only that
// a row with its transferId exists: a transfer another rollover holds, or one whose amount differs
// from the rollover's, fails verification instead of being announced. Driven through the
// dataconnect adapter against the executing double (the Data Connect emulator cannot be
// downloaded here); the stored row is changed in the double after the load, the only way to
// reach that state once phase 2 refuses it.
import type { RolloverAggregate } from '@trustrails/warehouse';
import { useDataConnectDouble } from '../../packages/warehouse/test/support/data-connect-harness';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { verify } from '../src/etl/phases/verify';

const dc = useDataConnectDouble('demo-verify-identity');

async function loaded(): Promise<RolloverAggregate> {
  const s = uniqueSuffix();
  const r = rollover({
    source: `a-${s}`,
    destination: `b-${s}`,
    amountCents: 12_345,
    completedAt: new Date('2035-01-15T12:00:00Z'),
    durationMs: 60_000,
  });
  await dc.warehouse.writeCore(r);
  await dc.warehouse.writeChain(r);
  await dc.warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await dc.warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
  return r;
}

test('a loaded rollover passes, with its owner and amount among the checks', async () => {
  const r = await loaded();
  const { verificationChecks } = await verify(dc.warehouse, r);
  expect(verificationChecks).toEqual(
    expect.arrayContaining([
      { check: 'transfer.rolloverId', expected: true, actual: true, passed: true },
      { check: 'transfer.amountCents', expected: 12_345, actual: 12_345, passed: true },
    ]),
  );
});

test('a stored transfer whose amount differs from the rollover’s fails verification', async () => {
  const r = await loaded();
  dc.double.transfers.get(r.transferId)!.amountCents = 99_999;
  await expect(verify(dc.warehouse, r)).rejects.toThrow('transfer.amountCents: expected 12345, read 99999');
});

test('a stored transfer that another rollover holds fails verification', async () => {
  const r = await loaded();
  dc.double.transfers.get(r.transferId)!.rolloverId = `ro-other-${uniqueSuffix()}`;
  await expect(verify(dc.warehouse, r)).rejects.toThrow('transfer.rolloverId: expected true, read false');
});
