// Re-aggregation through the admin API: one transaction per custodian, so a custodian whose writes
// fail (a trigger on its analytics rows, injected here) leaves the others committed; it rebuilds
// past and daily windows, not only the current ones; and the failed custodian is repaired by the
// next run, which resumes from each custodian's recorded progress.
import { adminApi } from '../support/admin-api';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { rollover } from '../../packages/warehouse/test/support/rollover-fixture';

afterAll(closeWarehouse);

const FIGURES = `completed_count AS "completedCount", volume_cents AS "volumeCents", inbound_count AS "inboundCount", outbound_count AS "outboundCount"`;
const row = async (custodianId: string, granularity: string, periodStart: string) =>
  (
    await sql().query(
      `SELECT ${FIGURES} FROM analytics_time_series WHERE custodian_id = $1 AND granularity = $2 AND period_start = $3::date`,
      [custodianId, granularity, periodStart],
    )
  ).rows[0] ?? null;

test('Re-aggregation where one custodian fails: the others commit, past daily windows included', async () => {
  const [a, b, c] = [uniqueId('reagg-a'), uniqueId('reagg-b'), uniqueId('reagg-c')];
  const other = uniqueId('reagg-x');
  // A past day in a past month: the current-window rebuild never reaches it.
  const completedAt = new Date('2026-02-10T10:00:00Z');
  for (const custodian of [a, b, c]) {
    const r = rollover({ source: custodian, destination: other, amountCents: 4_200, completedAt, durationMs: 1_000 });
    await testWarehouse().writeCore(r);
    await testWarehouse().markCompleted(r, { attempt: 1, actor: 'system-etl' });
    // No refreshAnalytics: as if phase 5 had been lost; re-aggregation must repair it.
  }
  const trigger = `reagg_fail_${b.replace(/[^a-z0-9]/g, '_')}`;
  await sql().query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected failure for %', NEW.custodian_id; END $$`);
  await sql().query(
    `CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON analytics_time_series FOR EACH ROW
     WHEN (NEW.custodian_id = '${b}') EXECUTE FUNCTION ${trigger}()`,
  );
  const admin = await idTokenFor({ admin: true }, 'reagg-admin');
  try {
    const first = await adminApi('POST', '/reaggregate', { token: admin, body: {}, timeoutMs: 120_000 });
    expect(first.status).toBe(200);
    for (const custodian of [a, c]) {
      const expected = { completedCount: 1, volumeCents: 4_200, inboundCount: 0, outboundCount: 1 };
      expect({ custodian, row: await row(custodian, 'daily', '2026-02-10') }).toEqual({ custodian, row: expected });
      expect({ custodian, row: await row(custodian, 'monthly', '2026-02-01') }).toEqual({ custodian, row: expected });
    }
    expect(await row(b, 'daily', '2026-02-10')).toBeNull();
    expect(first.body.failed).toEqual([{ custodianId: b, reason: expect.stringContaining('injected failure') }]);
    expect((await db().collection('reaggregationProgress').doc(a).get()).exists).toBe(true);
    expect((await db().collection('reaggregationProgress').doc(b).get()).exists).toBe(false);
  } finally {
    await sql().query(`DROP TRIGGER IF EXISTS ${trigger} ON analytics_time_series`);
    await sql().query(`DROP FUNCTION IF EXISTS ${trigger}()`);
  }

  const second = await adminApi('POST', '/reaggregate', { token: admin, body: {}, timeoutMs: 120_000 });
  expect(second.status).toBe(200);
  expect(second.body.failed).toEqual([]);
  expect(await row(b, 'daily', '2026-02-10')).toEqual({
    completedCount: 1,
    volumeCents: 4_200,
    inboundCount: 0,
    outboundCount: 1,
  });
}, 180_000);
