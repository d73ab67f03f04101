// Fault: PostgreSQL refuses every connection for 10 s while rollovers complete. Runs fail their
// in-delivery retries and give their leases back; once the database returns, a sweep (Pub/Sub
// redelivery in production) completes every one of them. Nothing is lost.
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { databaseOutage } from '../support/outage';
import { closeWarehouse, testWarehouse } from '../support/warehouse';

afterAll(closeWarehouse);

test('a 10 s outage delays but loses nothing', async () => {
  const outage = await databaseOutage();
  const custodian = uniqueId('outage');
  const rollovers = Array.from({ length: 8 }, (_, i) =>
    rollover({ prefix: `outage${i}`, sourceCustodianId: custodian, amountCents: 1_000 + i, durationMs: 10_000 }),
  );
  await writeLifecycle(rollovers, 'before-completion');
  // Warm as many function workers as there are rollovers first: a cold worker takes seconds to
  // start, and the outage must meet running ETL code, not process start-up.
  const warmup = Array.from({ length: rollovers.length }, (_, i) =>
    rollover({ prefix: `warm${i}`, amountCents: 1, durationMs: 1_000 }),
  );
  await writeLifecycle(warmup);
  // Eight cold workers start at once; on a shared, loaded machine that alone can take a minute.
  await waitFor(
    'the warm-up rollovers',
    async () => {
      const done = await Promise.all(
        warmup.map((l) => db().collection('events').doc(`etl-completed-${l.rolloverId}`).get()),
      );
      return done.every((d) => d.exists);
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );

  console.log(`inject: ALTER DATABASE ${outage.database} ALLOW_CONNECTIONS false + terminate every session, for 10 s`);
  await outage.start();
  const downSince = Date.now();
  try {
    await writeLifecycle(rollovers, 'completion-only');
    // The outage must be real for the ETL: wait until runs have met it and given their lease back.
    await waitFor(
      'runs to meet the outage',
      async () => {
        const snaps = await Promise.all(rollovers.map((l) => db().collection('etlRuns').doc(l.rolloverId).get()));
        return snaps.filter((s) => s.get('lastError')?.retryable === true).length >= 2;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - downSince))));
  } finally {
    await outage.end();
  }
  console.log(`restored after ${((Date.now() - downSince) / 1000).toFixed(1)} s; sweeping`);

  // Pub/Sub would redeliver in production; here the sweeper re-enqueues every run whose lease lapsed.
  const token = await idTokenFor({ admin: true }, 'outage-admin');
  const ids = rollovers.map((l) => l.rolloverId);
  await waitFor(
    'every rollover to complete after the outage',
    async () => {
      const sweep = await adminApi('POST', '/sweep', { token, body: {} });
      expect(sweep.status).toBe(200);
      const done = await Promise.all(ids.map((id) => db().collection('events').doc(`etl-completed-${id}`).get()));
      return done.every((d) => d.exists);
    },
    { timeoutMs: 60_000, intervalMs: 2_000 },
  );
  const summary = await testWarehouse().getMonthlySummary(custodian, new Date().toISOString().slice(0, 7));
  expect(summary).toMatchObject({ completedCount: 8, volumeCents: rollovers.reduce((n, _l, i) => n + 1_000 + i, 0) });
  console.log(
    `checked: all 8 rollovers completed after the outage; custodian count ${summary.completedCount}, volume ${summary.volumeCents}`,
  );
}, 300_000);
