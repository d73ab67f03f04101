// A second rollover that reuses another rollover's transferId fails permanently (etl.failed,
// retryable: false, naming the conflict) and leaves the first rollover's rows and numbers as they were.
import { EtlFailedData } from '@trustrails/contracts';
import { uniqueId } from '../support/firebase';
import { eventsOf, waitForRunStatus } from '../support/etl';
import { completeRollover, rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';

afterAll(closeWarehouse);

test('a reused transferId fails permanently and the first rollover’s numbers are unchanged', async () => {
  const source = uniqueId('own-src');
  const destination = uniqueId('own-dst');
  const transferId = uniqueId('own-tr');
  const completedAt = new Date();
  const month = completedAt.toISOString().slice(0, 7);
  const shared = { transferId, destinationCustodianId: destination, completedAt };
  const first = await completeRollover({
    prefix: 'own-first',
    ...shared,
    sourceCustodianId: source,
    amountCents: 100_000,
    durationMs: 3_600_000,
  });
  const transferBefore = (await sql().query('SELECT t::text AS row FROM transfer t WHERE id = $1', [transferId])).rows;
  const summaryBefore = await testWarehouse().getMonthlySummary(source, month);

  const secondId = uniqueId('own-second');
  // The same transfer from another source custodian: the warehouse must refuse to move it.
  await writeLifecycle(
    rollover({ rolloverId: secondId, ...shared, sourceCustodianId: uniqueId('own-other'), amountCents: 999_999 }),
  );

  const run = await waitForRunStatus(secondId, 'ERROR');
  expect(run.lastError).toMatchObject({ retryable: false });
  expect(run.attempt).toBe(1);
  const failed = await eventsOf(secondId, 'etl.failed');
  expect(failed).toHaveLength(1);
  const data = EtlFailedData.parse(failed[0]!.eventData);
  expect(data.retryable).toBe(false);
  expect(data.reason).toContain(transferId);
  expect(data.reason).toContain(first.rolloverId);
  expect(await eventsOf(secondId, 'etl.completed')).toHaveLength(0);

  expect((await sql().query('SELECT t::text AS row FROM transfer t WHERE id = $1', [transferId])).rows).toEqual(
    transferBefore,
  );
  expect(await testWarehouse().getMonthlySummary(source, month)).toEqual(summaryBefore);
  expect(summaryBefore.completedCount).toBe(1);
}, 90_000);
