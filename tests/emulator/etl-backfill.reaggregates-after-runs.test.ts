// A backfill re-aggregates its windows after the runs it enqueued have finished, not before: the
// daily, weekly and quarterly rows of a past window include the backfilled rollover once its run
// is done, and every daily row of the range equals a recount from the transfers. Phase 5 writes
// them too, so the test removes them after the run: only the backfill's own re-aggregation, once
// its runs have settled, can bring them back.
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { waitForRunStatus } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { periodsFromTransfers } from '../support/tables';
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

/** The stored daily rows of [from, to), with a count, keyed by day. */
async function dailyRows(custodianId: string, from: string, to: string) {
  const { rows } = await sql().query<{ period: string; completedCount: number; volumeCents: number }>(
    `SELECT to_char(period_start, 'YYYY-MM-DD') AS period, completed_count AS "completedCount",
            volume_cents::float8 AS "volumeCents"
     FROM analytics_time_series
     WHERE custodian_id = $1 AND granularity = 'daily' AND period_start >= $2::date AND period_start < $3::date
       AND completed_count > 0`,
    [custodianId, from, to],
  );
  return new Map(rows.map((r) => [r.period, { completedCount: r.completedCount, volumeCents: r.volumeCents }]));
}

test('the windows of a backfill are rebuilt once its runs have finished', async () => {
  const custodian = uniqueId('bf-order');
  const rolloverId = uniqueId('bf-order');
  // A past quarter: the scheduled job (current windows) does not rebuild it.
  const completedAt = new Date('2026-02-11T12:00:00Z');
  const l = rollover({ rolloverId, prefix: 'bf', sourceCustodianId: custodian, amountCents: 12_345, completedAt });
  // Paused, the rollover waits in PENDING: the backfill finds it in flight and must not rebuild yet.
  expect((await adminApi('POST', '/pause', { token: admin, body: {} })).status).toBe(200);
  try {
    await writeLifecycle(l);
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
    `DELETE FROM analytics_time_series WHERE custodian_id = $1 AND granularity IN ('daily', 'weekly', 'quarterly')`,
    [custodian],
  );

  // The sweeper (every 15 minutes, or POST /sweep) sees the backfill's runs settled and rebuilds its windows.
  await waitFor(
    'the daily, weekly and quarterly windows to include the backfilled rollover',
    async () => {
      const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
      expect(sweep.status).toBe(200);
      const [daily, weekly, quarterly] = await Promise.all([
        windowCount(custodian, 'daily', '2026-02-11'),
        windowCount(custodian, 'weekly', '2026-02-09'),
        windowCount(custodian, 'quarterly', '2026-01-01'),
      ]);
      return daily === 1 && weekly === 1 && quarterly === 1;
    },
    { timeoutMs: 60_000, intervalMs: 2_000 },
  );
  // Every day of the range, as stored, equals a recount from the transfers.
  const recount = await periodsFromTransfers(sql(), custodian, 'daily');
  const inRange = new Map([...recount].filter(([day]) => day >= '2026-02-09' && day < '2026-02-16'));
  expect(inRange.size).toBe(1);
  expect(await dailyRows(custodian, '2026-02-09', '2026-02-16')).toEqual(inRange);
  console.log(
    'checked: daily 2026-02-11, weekly 2026-02-09 and quarterly 2026-01-01 count the rollover after its run finished',
  );
}, 240_000);
