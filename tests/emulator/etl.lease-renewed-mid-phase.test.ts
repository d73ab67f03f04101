// A live worker keeps its run however long one phase takes: it renews its lease on a timer during
// the phase, not only between phases, so the sweeper never hands the run to a twin. The worker is
// driven in this process by its own handler with a 1.5 s lease against the emulators and the real
// PostgreSQL; phase 5 is held at a gate for several leases, and the sweeper runs meanwhile, with
// its publish delivering straight to a second worker as Pub/Sub would.
import type { EtlMessage } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf, queueTo } from '../support/etl';
import { gate, type Gate } from '../support/gate';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { sweep } from '../../functions/src/operations/sweep';

afterAll(closeWarehouse);

const LEASE_MS = 1_500;

const runDoc = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

function heldAtAnalytics(held: Gate): Warehouse {
  const real = testWarehouse();
  return Object.assign(Object.create(real) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await held.pass();
      await real.refreshAnalytics(custodianIds, at);
    },
  });
}

const worker = (warehouse: Warehouse) => ({
  db: db(),
  warehouse,
  publishDeadLetter: async () => undefined,
  leaseMs: LEASE_MS,
  maxAttempts: 5,
  retry: { retries: 0, baseDelayMs: 1 },
});

test('a phase that outlasts the lease keeps its run: no twin, one etl.completed, attempt unchanged', async () => {
  const rolloverId = uniqueId('lease-mid-phase');
  const message = await claimRunByHand(rolloverId);
  await writeLifecycle(rollover({ rolloverId, amountCents: 7_070, durationMs: 30_000 }));

  const held = gate();
  const live = processEtlMessage(worker(heldAtAnalytics(held)), message);
  await held.reached;
  const heldSince = Date.now();

  // The sweeper's deliveries of this run go to a twin worker; others' runs are not this test's.
  const twins: EtlMessage[] = [];
  const twinRuns: Promise<void>[] = [];
  const publish = async (m: EtlMessage) => {
    if (m.rolloverId !== rolloverId) return;
    twins.push(m);
    twinRuns.push(processEtlMessage(worker(testWarehouse()), m).catch(() => undefined));
  };
  const sweepNow = () =>
    sweep(db(), queueTo(publish), {
      pendingAfterMs: 600_000,
      lookbackMs: 1,
      reopen: { baseDelayMs: 600_000, maxDelayMs: 600_000, maxReopenings: 0 },
    });

  // Phase 5 takes three leases; the sweeper looks each time a lease could have run out.
  await waitFor(
    'phase 5 to have lasted three leases, sweeping meanwhile',
    async () => {
      await sweepNow();
      return Date.now() - heldSince > 3 * LEASE_MS;
    },
    { timeoutMs: 30_000, intervalMs: LEASE_MS / 3 },
  );
  const during = await runDoc(rolloverId);
  expect(during).toMatchObject({ status: 'RUNNING', attempt: 1 });
  expect(during.leaseExpiresAt.toMillis()).toBeGreaterThan(Date.now());

  held.open();
  await live;
  await Promise.all(twinRuns);
  expect(twins).toEqual([]);
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'FINISHED', attempt: 1, leaseExpiresAt: null });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});
