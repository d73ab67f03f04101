// Fault: PostgreSQL is down for longer than a run's whole retry budget, so every run ends ERROR
// (retryable, dead-lettered). Once the database is back, the sweeper re-opens them by itself, with
// backoff, and every run ends FINISHED; nobody calls retry. Short settings: the worker and the
// sweeper are driven in this process by their own handlers, with the sweeper's publish delivering
// straight to the worker (the emulator never redelivers, and Pub/Sub's retry is not what is tested).
import type { EtlMessage } from '@trustrails/contracts';
import { createWarehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf, queueTo } from '../support/etl';
import { lifecycle, writeEvents } from '../support/lifecycle';
import { databaseOutage } from '../support/outage';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { sweep } from '../../functions/src/operations/sweep';

const workerWarehouse = createWarehouse({ adapter: 'postgres', databaseUrl: process.env.DATABASE_URL! });
afterAll(async () => {
  await workerWarehouse.close();
  await closeWarehouse();
});

const run = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

test('runs that failed through a long outage are re-opened by the sweeper and all finish', async () => {
  const custodian = uniqueId('long-outage');
  const rollovers = Array.from({ length: 3 }, (_, i) =>
    lifecycle({
      rolloverId: uniqueId(`long-outage${i}`),
      sourceCustodianId: custodian,
      destinationCustodianId: uniqueId('dst'),
      amountCents: 2_000 + i,
      initiatedAt: new Date(Date.now() - 60_000),
      completedAt: new Date(),
    }),
  );
  const mine = new Set(rollovers.map((l) => l.completed.data.rolloverId as string));
  const messages = new Map<string, EtlMessage>();
  for (const l of rollovers) {
    const rolloverId = l.completed.data.rolloverId as string;
    messages.set(rolloverId, await claimRunByHand(rolloverId));
    await writeEvents(db(), [...l.before, l.completed]);
  }
  // The stage 1 trigger sees a run already claimed and only records the duplicate; wait for that,
  // so it cannot later re-open one of these runs itself.
  await waitFor(
    'the trigger to record each completion as a duplicate',
    async () => (await Promise.all([...mine].map(run))).every((r) => (r.duplicateEventIds ?? []).length === 1),
    { timeoutMs: 120_000, intervalMs: 250 },
  );

  const deadLetters: unknown[] = [];
  const deliver = (message: EtlMessage) =>
    processEtlMessage(
      {
        db: db(),
        warehouse: workerWarehouse,
        publishDeadLetter: async (m) => void deadLetters.push(m),
        leaseMs: 2_000,
        maxAttempts: 2,
        retry: { retries: 0, baseDelayMs: 1 },
      },
      message,
    ).catch(() => undefined);
  // Other tests' runs may also be due; this test delivers only its own.
  const publish = async (message: EtlMessage) => {
    if (mine.has(message.rolloverId)) await deliver(message);
  };
  const sweepNow = () =>
    sweep(db(), queueTo(publish), {
      pendingAfterMs: 500,
      lookbackMs: 1,
      reopen: { baseDelayMs: 500, maxDelayMs: 2_000, maxReopenings: 50 },
    });

  const outage = await databaseOutage();
  console.log(`inject: database ${outage.database} refuses connections until every run has failed for good`);
  await outage.start();
  try {
    // Deliveries as Pub/Sub would make them, until each run has spent its budget of 2.
    await waitFor(
      'every run to exhaust its attempts and end ERROR',
      async () => {
        const runs = await Promise.all([...mine].map(run));
        for (const r of runs) if (r.status !== 'ERROR') await deliver(messages.get(r.rolloverId)!);
        return runs.every((r) => r.status === 'ERROR' && r.lastError?.retryable === true && r.deadLettered);
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    // Still down: the sweeper re-opens each run, and its new attempts fail too (and back off).
    await waitFor(
      'the sweeper to re-open every run, and the new attempts to fail, while the database is still down',
      async () => {
        await sweepNow();
        const runs = await Promise.all([...mine].map(run));
        return runs.every((r) => (r.autoReopenings ?? 0) >= 1 && r.attempt > 2);
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  } finally {
    await outage.end();
  }
  console.log('restored; sweeping, with no admin action');

  await waitFor(
    'every run to finish after the outage',
    async () => {
      await sweepNow();
      const runs = await Promise.all([...mine].map(run));
      return runs.every((r) => r.status === 'FINISHED');
    },
    { timeoutMs: 120_000, intervalMs: 250 },
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
  console.log(`checked: 3 runs FINISHED after ${deadLetters.length} dead letters, with no retry call`);
}, 480_000);
