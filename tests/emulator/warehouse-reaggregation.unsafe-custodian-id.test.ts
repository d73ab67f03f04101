// One custodian id that cannot be a Firestore document id (its progress lives at
// reaggregationProgress/{custodianId}) never stops the others' re-aggregation: it is reported as
// failed, naming the rule, and every other custodian is rebuilt and records its progress. The trigger
// refuses such ids now, so the bad rows are written straight into PostgreSQL, as an older version
// or another loader could have left them, and removed afterwards so no other test sees them.
import { db, uniqueId } from '../support/firebase';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { reaggregate } from '../../functions/src/operations/reaggregate';
import { rollover } from '../../packages/warehouse/test/support/rollover-fixture';

afterAll(closeWarehouse);

test('custodians named acme/east or __x__ in the warehouse are reported, and the others re-aggregate', async () => {
  const tag = uniqueId('unsafe-cust').replace(/[^A-Za-z0-9-]/g, '-');
  const unsafe = [`acme-${tag}/east`, `__${tag}__`];
  const good = uniqueId('reagg-good');
  const r = rollover({
    source: good,
    destination: uniqueId('reagg-other'),
    amountCents: 3_100,
    completedAt: new Date('2026-03-05T10:00:00Z'),
    durationMs: 1_000,
  });
  await testWarehouse().writeCore(r);
  await testWarehouse().markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await sql().query('INSERT INTO custodian (id) SELECT unnest($1::text[])', [unsafe]);
  try {
    const report = await reaggregate(db(), testWarehouse(), { force: true });
    expect(report.failed.map((f) => f.custodianId).sort()).toEqual([...unsafe].sort());
    for (const failure of report.failed) expect(failure.reason).toMatch(/custodianId/);
    expect((await db().collection('reaggregationProgress').doc(good).get()).exists).toBe(true);
    const monthly = await sql().query(
      `SELECT completed_count AS "count" FROM analytics_time_series
       WHERE custodian_id = $1 AND granularity = 'monthly' AND period_start = '2026-03-01'`,
      [good],
    );
    expect(monthly.rows).toEqual([{ count: 1 }]);
  } finally {
    await sql().query('DELETE FROM analytics_time_series WHERE custodian_id = ANY($1)', [unsafe]);
    await sql().query('DELETE FROM custodian WHERE id = ANY($1)', [unsafe]);
  }
}, 240_000);
