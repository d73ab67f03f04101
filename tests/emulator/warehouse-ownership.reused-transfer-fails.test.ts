// A second rollover that reuses another rollover's transferId fails permanently (etl.failed,
// retryable: false, naming the conflict) and leaves the first rollover's rows and numbers as they were.
import { EtlFailedData } from '@trustrails/contracts';
import { db, uniqueId } from '../support/firebase';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { lifecycle, writeEvents } from '../support/lifecycle';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';

afterAll(closeWarehouse);

test('a reused transferId fails permanently and the first rollover’s numbers are unchanged', async () => {
  const source = uniqueId('own-src');
  const destination = uniqueId('own-dst');
  const transferId = uniqueId('own-tr');
  const completedAt = new Date();
  const month = completedAt.toISOString().slice(0, 7);
  const first = lifecycle({
    rolloverId: uniqueId('own-first'),
    transferId,
    sourceCustodianId: source,
    destinationCustodianId: destination,
    amountCents: 100_000,
    initiatedAt: new Date(completedAt.getTime() - 3_600_000),
    completedAt,
  });
  await writeEvents(db(), [...first.before, first.completed]);
  await waitForCompletion(first.completed.data.rolloverId as string);
  const transferBefore = (await sql().query('SELECT t::text AS row FROM transfer t WHERE id = $1', [transferId])).rows;
  const summaryBefore = await testWarehouse().getMonthlySummary(source, month);

  const secondId = uniqueId('own-second');
  const second = lifecycle({
    rolloverId: secondId,
    transferId,
    sourceCustodianId: uniqueId('own-other'),
    destinationCustodianId: destination,
    amountCents: 999_999,
    initiatedAt: new Date(completedAt.getTime() - 60_000),
    completedAt,
  });
  await writeEvents(db(), [...second.before, second.completed]);

  const run = await waitForRunStatus(secondId, 'ERROR');
  expect(run.lastError).toMatchObject({ retryable: false });
  expect(run.attempt).toBe(1);
  const failed = await eventsOf(secondId, 'etl.failed');
  expect(failed).toHaveLength(1);
  const data = EtlFailedData.parse(failed[0]!.eventData);
  expect(data.retryable).toBe(false);
  expect(data.reason).toContain(transferId);
  expect(data.reason).toContain(first.completed.data.rolloverId as string);
  expect(await eventsOf(secondId, 'etl.completed')).toHaveLength(0);

  expect((await sql().query('SELECT t::text AS row FROM transfer t WHERE id = $1', [transferId])).rows).toEqual(
    transferBefore,
  );
  expect(await testWarehouse().getMonthlySummary(source, month)).toEqual(summaryBefore);
  expect(summaryBefore.completedCount).toBe(1);
}, 90_000);
