// Fenced leases: a worker whose lease ran out and whose run another worker took over changes
// nothing when it finally finishes or fails. Two workers (A, then B) are driven in this process by
// the worker's own handler against the emulators and the real PostgreSQL; A is held mid-phase by a
// gate in front of the real warehouse, and its renewals are held off as a worker cut off from
// Firestore (or stalled) would have them, the only way to make its lease run out at a known point.
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf } from '../support/etl';
import { gate, type Gate } from '../support/gate';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { PermanentEtlError } from '../../functions/src/etl/errors';

afterAll(closeWarehouse);

/** The real warehouse, except that phase 5 first waits at the gate, then fails with `failure` or runs. */
function heldAtAnalytics(held: Gate, failure?: Error): Warehouse {
  const real = testWarehouse();
  return Object.assign(Object.create(real) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await held.pass();
      if (failure) throw failure;
      await real.refreshAnalytics(custodianIds, at);
    },
  });
}

function worker(warehouse: Warehouse, leaseMs: number, deadLetters: unknown[]) {
  return {
    db: db(),
    warehouse,
    publishDeadLetter: async (message: unknown) => void deadLetters.push(message),
    leaseMs,
    maxAttempts: 5,
    retry: { retries: 0, baseDelayMs: 1 },
  };
}

/** A: a one-second lease whose renewals would come only after ten minutes, so it lapses mid-phase. */
const slowWorker = (warehouse: Warehouse, deadLetters: unknown[]) => ({
  ...worker(warehouse, 1_000, deadLetters),
  renewEveryMs: 600_000,
});

async function newRollover(prefix: string) {
  const rolloverId = uniqueId(prefix);
  const message = await claimRunByHand(rolloverId);
  await writeLifecycle(rollover({ rolloverId, amountCents: 4_321, durationMs: 30_000 }));
  return { rolloverId, message };
}

const runDoc = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

/** Waits until A's lease has run out, as a slow worker's does. */
async function leaseLapsed(rolloverId: string) {
  await waitFor(`the lease of ${rolloverId} to run out`, async () => {
    const lease = (await runDoc(rolloverId)).leaseExpiresAt;
    return lease && lease.toMillis() < Date.now();
  });
}

test('A takes, its lease lapses, B takes and finishes, then A fails: the run stays FINISHED', async () => {
  const { rolloverId, message } = await newRollover('fenced-fail');
  const deadLetters: unknown[] = [];
  const heldA = gate();
  const a = processEtlMessage(
    slowWorker(heldAtAnalytics(heldA, new Error('connection terminated unexpectedly')), deadLetters),
    message,
  ).catch(() => undefined);
  await heldA.reached;
  await leaseLapsed(rolloverId);

  await processEtlMessage(worker(testWarehouse(), 60_000, deadLetters), message);
  const finished = await runDoc(rolloverId);
  expect(finished).toMatchObject({ status: 'FINISHED', attempt: 2, leaseExpiresAt: null, lastError: null });

  heldA.open();
  await a;
  const after = await runDoc(rolloverId);
  expect(after).toMatchObject({ status: 'FINISHED', attempt: 2, leaseExpiresAt: null, lastError: null });
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  expect(deadLetters).toHaveLength(0);
});

test("a stale worker's permanent failure while B runs leaves B's lease alone and emits nothing", async () => {
  const { rolloverId, message } = await newRollover('fenced-live');
  const deadLetters: unknown[] = [];
  const heldA = gate();
  const heldB = gate();
  const a = processEtlMessage(
    slowWorker(
      heldAtAnalytics(heldA, new PermanentEtlError('injected permanent failure of the stale worker')),
      deadLetters,
    ),
    message,
  ).catch(() => undefined);
  await heldA.reached;
  await leaseLapsed(rolloverId);

  const b = processEtlMessage(worker(heldAtAnalytics(heldB), 60_000, deadLetters), message);
  await heldB.reached;
  const running = await runDoc(rolloverId);
  expect(running).toMatchObject({ status: 'RUNNING', attempt: 2 });

  heldA.open();
  await a;
  const whileB = await runDoc(rolloverId);
  expect(whileB).toMatchObject({ status: 'RUNNING', attempt: 2, lastError: null });
  expect(whileB.leaseExpiresAt.toMillis()).toBe(running.leaseExpiresAt.toMillis());
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);

  heldB.open();
  await b;
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'FINISHED', attempt: 2, lastError: null });
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});

test('a stale worker that gets to the end while B runs does not announce etl.completed', async () => {
  const { rolloverId, message } = await newRollover('fenced-finish');
  const heldA = gate();
  const heldB = gate();
  const a = processEtlMessage(slowWorker(heldAtAnalytics(heldA), []), message).catch(() => undefined);
  await heldA.reached;
  await leaseLapsed(rolloverId);
  const b = processEtlMessage(worker(heldAtAnalytics(heldB), 60_000, []), message);
  await heldB.reached;

  heldA.open();
  await a;
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'RUNNING', attempt: 2 });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(0);

  heldB.open();
  await b;
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'FINISHED', attempt: 2 });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});
