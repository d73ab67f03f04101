// Fault: PostgreSQL is down for longer than a run's whole retry budget, so every run ends ERROR
// (retryable, dead-lettered). The sweeper, run by the schedule (the local stand-in for Cloud
// Scheduler), re-delivers, re-opens them with backoff, and once the database is back every run ends
// FINISHED. Nobody calls the admin API and the test drives neither the worker nor the sweeper: the
// real etlWorker, etlBulkWorker and etlSweeper functions do it all. The Pub/Sub emulator never
// redelivers a failed message, so each new delivery is a scheduled sweep's.
import { etlMaxAttempts } from '../../functions/src/config';
import { eventsOf } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { databaseOutage } from '../support/outage';
import { runScheduler } from '../support/scheduler';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';

let stopScheduler: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stopScheduler?.();
  await closeWarehouse();
});

// Empty until the trigger has claimed the run (on a loaded machine a cold trigger takes a while).
const run = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data() ?? {};

test('runs that failed through a long outage are re-opened by the scheduled sweeper and all finish', async () => {
  const custodian = uniqueId('long-outage');
  const rollovers = Array.from({ length: 3 }, (_, i) =>
    rollover({ prefix: `long-outage${i}`, sourceCustodianId: custodian, amountCents: 2_000 + i }),
  );
  const mine = rollovers.map((l) => l.rolloverId);
  await writeLifecycle(rollovers, 'before-completion');
  stopScheduler = await runScheduler(10);

  const outage = await databaseOutage();
  console.log(`inject: database ${outage.database} refuses connections until every run has failed for good`);
  await outage.start();
  try {
    await writeLifecycle(rollovers, 'completion-only');
    await waitFor(
      'the first delivery of every run to fail',
      async () => (await Promise.all(mine.map(run))).every((r) => r.lastError?.retryable === true),
      { timeoutMs: 420_000, intervalMs: 500 },
    );
    // Wound forward as if ETL_MAX_ATTEMPTS - 2 more deliveries had failed the same way (each needs
    // a sweep past ETL_SWEEP_PENDING_AFTER_SECONDS here); the next delivery, a sweep's, is the last.
    // Only a run waiting for its next delivery: winding one a worker holds would fence that worker out.
    const windForward = (id: string) =>
      db().runTransaction(async (tx) => {
        const ref = db().collection('etlRuns').doc(id);
        const r = (await tx.get(ref)).data();
        if (r?.status === 'PENDING' && r.attempt < etlMaxAttempts - 1) tx.update(ref, { attempt: etlMaxAttempts - 1 });
      });
    await Promise.all(mine.map(windForward));
    await waitFor(
      'every run to exhaust its attempts and end ERROR, dead-lettered',
      async () =>
        (await Promise.all(mine.map(run))).every(
          (r) => (r.status === 'ERROR' && r.deadLettered) || (r.autoReopenings ?? 0) >= 1,
        ),
      { timeoutMs: 600_000, intervalMs: 1_000 },
    );
    // Still down: the sweeper re-opens each run after its backoff, and the new attempts fail too.
    await waitFor(
      'the sweeper to re-open every run, and a new attempt of each to fail, while the database is still down',
      async () =>
        (await Promise.all(mine.map(run))).every(
          (r) => (r.autoReopenings ?? 0) >= 1 && r.attempt > etlMaxAttempts && r.lastError?.retryable === true,
        ),
      { timeoutMs: 600_000, intervalMs: 1_000 },
    );
  } finally {
    await outage.end();
  }
  console.log('restored; nobody acts from here on');

  await waitFor(
    'every run to finish after the outage',
    async () => (await Promise.all(mine.map(run))).every((r) => r.status === 'FINISHED'),
    { timeoutMs: 300_000, intervalMs: 1_000 },
  );
  for (const rolloverId of mine) {
    expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
    expect(
      (await eventsOf(rolloverId, 'etl.failed')).every((e) => (e.eventData as { retryable: boolean }).retryable),
    ).toBe(true);
  }
  const month = new Date().toISOString().slice(0, 7);
  expect(await testWarehouse().getMonthlySummary(custodian, month)).toMatchObject({
    completedCount: 3,
    volumeCents: 2_000 + 2_001 + 2_002,
  });
  const sweep = (await db().collection('etlSchedules').doc('sweep').get()).data()!;
  expect(sweep.lastTrigger).toBe('schedule');
  console.log(`checked: 3 runs FINISHED, re-opened by scheduled sweeps (${sweep.runs} in all), with no admin call`);
}, 2_400_000);
