// Phase 6 verifies values, not existence: an analytics row made stale between phase 5 and phase 6
// is recomputed and read back again before etl.completed goes out, and one that stays stale fails
// the attempt retryably instead of being announced. The worker runs in this process against the
// emulators and the real PostgreSQL; the stale row is written by SQL right after phase 5 (a
// wrapper around the real warehouse's refreshAnalytics), the only way to hit that exact instant.
import { EtlCompletedData } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf, inProcessWorker, waitForCompletion } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';

afterAll(closeWarehouse);

/** The real warehouse, except that phase 5's first `times` refreshes leave the source's monthly row stale. */
function staleAfterRefresh(custodianId: string, times: number): Warehouse & { corrupted: () => number } {
  const real = testWarehouse();
  let corrupted = 0;
  return Object.assign(Object.create(real) as Warehouse, {
    corrupted: () => corrupted,
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await real.refreshAnalytics(custodianIds, at);
      if (corrupted >= times) return;
      corrupted += 1;
      await sql().query(
        `UPDATE analytics_time_series SET completed_count = completed_count + 5, volume_cents = volume_cents + 1
         WHERE custodian_id = $1 AND granularity = 'monthly'`,
        [custodianId],
      );
    },
  });
}

async function newRollover(prefix: string) {
  const rolloverId = uniqueId(prefix);
  const l = rollover({ rolloverId, amountCents: 9_876, durationMs: 45_000 });
  const message = await claimRunByHand(rolloverId);
  await writeLifecycle(l);
  return { rolloverId, source: l.sourceCustodianId, message };
}

test('a row made stale after phase 5 is recomputed before etl.completed announces it', async () => {
  const { rolloverId, source, message } = await newRollover('stale-once');
  const warehouse = staleAfterRefresh(source, 1);
  await processEtlMessage(inProcessWorker(warehouse), message);
  expect(warehouse.corrupted()).toBe(1);

  const event = await waitForCompletion(rolloverId);
  const month = new Date().toISOString().slice(0, 7);
  expect(await testWarehouse().getMonthlySummary(source, month)).toMatchObject({
    completedCount: 1,
    volumeCents: 9_876,
  });
  const data = EtlCompletedData.parse(event!.eventData);
  expect(data.custodianIds).toEqual(expect.arrayContaining([source]));
  expect(data.tablesPopulated).toEqual(expect.arrayContaining(['transfers', 'analytics_time_series']));
  expect(data.verificationChecks).toEqual(
    expect.arrayContaining([
      { check: `monthly.${source}.completedCount`, expected: 1, actual: 1, passed: true },
      { check: `monthly.${source}.volumeCents`, expected: 9_876, actual: 9_876, passed: true },
      { check: `monthly.${source}.includesTransfer`, expected: true, actual: true, passed: true },
    ]),
  );
  expect(data.verificationChecks.every((c) => c.passed)).toBe(true);
});

test('a row that stays stale fails the attempt retryably and announces nothing', async () => {
  const { rolloverId, source, message } = await newRollover('stale-always');
  const warehouse = staleAfterRefresh(source, 100);
  await expect(processEtlMessage(inProcessWorker(warehouse), message)).rejects.toThrow(/verify/);
  expect(warehouse.corrupted()).toBeGreaterThan(1);

  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(0);
  const run = (await db().collection('etlRuns').doc(rolloverId).get()).data()!;
  expect(run.status).toBe('RUNNING');
  expect(run.lastError).toMatchObject({ retryable: true, phase: 'verify' });
  expect(run.lastError.reason).toMatch(new RegExp(`monthly\\.${source}\\.completedCount`));
});
