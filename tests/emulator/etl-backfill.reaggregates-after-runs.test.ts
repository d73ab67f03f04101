// A backfill re-aggregates its windows after the runs it enqueued have finished, not before: the
// weekly and quarterly rows of a past window include the backfilled rollover once its run is done.
// Phase 5 writes them too, so the test removes them after the run: only the backfill's own
// re-aggregation, once its runs have settled, can bring them back.
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { waitForRunStatus } from '../support/etl';
import { lifecycle, writeEvents } from '../support/lifecycle';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql } from '../support/warehouse';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'backfill-order-admin');
});
afterAll(async () => {
  await adminApi('POST', '/resume', { token: admin, body: {} });
  await closeWarehouse();
});

async function windowCount(custodianId: string, granularity: string, periodStart: string) {
  const { rows } = await sql().query(
    'SELECT completed_count FROM analytics_time_series WHERE custodian_id = $1 AND granularity = $2 AND period_start = $3::date',
    [custodianId, granularity, periodStart],
  );
  return (rows[0]?.completed_count as number | undefined) ?? null;
}

test('the windows of a backfill are rebuilt once its runs have finished', async () => {
  const custodian = uniqueId('bf-order');
  const rolloverId = uniqueId('bf-order');
  // A past quarter: the scheduled job (current windows) does not rebuild it.
  const completedAt = new Date('2026-02-11T12:00:00Z');
  const l = lifecycle({
    rolloverId,
    sourceCustodianId: custodian,
    destinationCustodianId: uniqueId('bf-dst'),
    amountCents: 12_345,
    initiatedAt: new Date(completedAt.getTime() - 3_600_000),
    completedAt,
  });
  // Paused, the rollover waits in PENDING: the backfill finds it in flight and must not rebuild yet.
  expect((await adminApi('POST', '/pause', { token: admin, body: {} })).status).toBe(200);
  try {
    await writeEvents(db(), [...l.before, l.completed]);
    await waitForRunStatus(rolloverId, 'PENDING');
    const backfill = await adminApi('POST', '/backfill', {
      token: admin,
      body: { from: '2026-02-09', to: '2026-02-16', custodianId: custodian },
    });
    expect(backfill.status).toBe(200);
    expect(backfill.body.queued).toEqual([rolloverId]);
  } finally {
    expect((await adminApi('POST', '/resume', { token: admin, body: {} })).status).toBe(200);
  }
  await waitForRunStatus(rolloverId, 'FINISHED', 90_000);
  await sql().query(
    `DELETE FROM analytics_time_series WHERE custodian_id = $1 AND granularity IN ('weekly', 'quarterly')`,
    [custodian],
  );

  // The sweeper (every 15 minutes, or POST /sweep) sees the backfill's runs settled and rebuilds its windows.
  await waitFor(
    'the weekly and quarterly windows to include the backfilled rollover',
    async () => {
      const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
      expect(sweep.status).toBe(200);
      const [weekly, quarterly] = await Promise.all([
        windowCount(custodian, 'weekly', '2026-02-09'),
        windowCount(custodian, 'quarterly', '2026-01-01'),
      ]);
      return weekly === 1 && quarterly === 1;
    },
    { timeoutMs: 60_000, intervalMs: 2_000 },
  );
  console.log('checked: weekly 2026-02-09 and quarterly 2026-01-01 count the rollover after its run finished');
}, 240_000);
