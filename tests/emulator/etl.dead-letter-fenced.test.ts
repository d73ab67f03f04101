// A delivery that finds the run out of attempts dead-letters it under a token of its own: taking
// the run for that bumps the attempt, so the worker it took the run from (alive, but past its
// lease) is fenced out from that moment, and that worker's late writes change nothing, history
// included. Driven in this process by the worker's own handler and transitions against the
// emulators and the real PostgreSQL; A is held mid-phase by a gate in front of the real warehouse.
import type { EtlMessage } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf } from '../support/etl';
import { gate, type Gate } from '../support/gate';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { deadLetter } from '../../functions/src/etl/record-outcome';
import { failRun, renewLease, takeRun } from '../../functions/src/etl/run-state';

afterAll(closeWarehouse);

const runDoc = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

async function leaseLapsed(rolloverId: string) {
  await waitFor(`the lease of ${rolloverId} to run out`, async () => {
    const lease = (await runDoc(rolloverId)).leaseExpiresAt;
    return lease && lease.toMillis() < Date.now();
  });
}

/** One delivery per claim: every attempt after the first is over budget. */
function worker(warehouse: Warehouse, leaseMs: number, deadLetters: EtlMessage[], renewEveryMs?: number) {
  return {
    db: db(),
    warehouse,
    publishDeadLetter: async (message: EtlMessage) => void deadLetters.push(message),
    leaseMs,
    maxAttempts: 1,
    retry: { retries: 0, baseDelayMs: 1 },
    // A worker whose renewals do not arrive in time (cut off from Firestore, or stalled): its lease lapses.
    ...(renewEveryMs ? { renewEveryMs } : {}),
  };
}

function heldAtAnalytics(held: Gate, failure: Error): Warehouse {
  const real = testWarehouse();
  return Object.assign(Object.create(real) as Warehouse, {
    refreshAnalytics: async () => {
      await held.pass();
      throw failure;
    },
  });
}

test('dead-lettering on take fences out the previous worker: its renewal and failure are no-ops', async () => {
  const rolloverId = uniqueId('dl-fence-take');
  const message = await claimRunByHand(rolloverId);
  const a = await takeRun(db(), message, { leaseMs: 300, maxAttempts: 1 });
  if (a.kind !== 'run') throw new Error(`A could not take the run: ${a.kind}`);
  await leaseLapsed(rolloverId);

  const b = await takeRun(db(), message, { leaseMs: 60_000, maxAttempts: 1 });
  if (b.kind !== 'dead-letter') throw new Error(`expected B to dead-letter the run, got ${b.kind}`);
  expect(b.fence).toEqual({ claim: 1, attempt: 2 });
  // A is still alive: its renewal lands between B's decision and B's failure, and must be refused.
  expect(await renewLease(db(), rolloverId, a.fence, 60_000)).toBe(false);

  const published: EtlMessage[] = [];
  const deps = {
    db: db(),
    warehouse: testWarehouse(),
    publishDeadLetter: async (m: EtlMessage) => void published.push(m),
    maxAttempts: 1,
  };
  expect(await deadLetter(deps, message, b.fence, 'attempts exhausted', null)).toBe('recorded');
  expect(await runDoc(rolloverId)).toMatchObject({
    status: 'ERROR',
    attempt: 2,
    deadLettered: true,
    leaseExpiresAt: null,
    lastError: { retryable: true },
  });
  expect(published).toEqual([message]);

  // A's late failure is fenced out: the run keeps B's record and only one etl.failed exists.
  const late = await failRun(db(), rolloverId, a.fence, {
    reason: 'late failure of the previous worker',
    missing: [],
    retryable: false,
    transferId: null,
    attempt: a.fence.attempt,
    phase: 'analytics',
    deadLettered: false,
  });
  expect(late).toBe('stale');
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'ERROR', attempt: 2, lastError: { retryable: true } });
  const failed = await eventsOf(rolloverId, 'etl.failed');
  expect(failed.map((e) => e.id)).toEqual([`etl-failed-${rolloverId}-2`]);
});

test('a stale worker whose last attempt fails records no history and no second dead letter', async () => {
  const rolloverId = uniqueId('dl-fence-history');
  const message = await claimRunByHand(rolloverId);
  await writeLifecycle(rollover({ rolloverId, amountCents: 5_555, durationMs: 30_000 }));

  const deadLetters: EtlMessage[] = [];
  const heldA = gate();
  // A's last (only) attempt: held in phase 5, then a transient failure.
  const a = processEtlMessage(
    worker(heldAtAnalytics(heldA, new Error('connection terminated unexpectedly')), 1_000, deadLetters, 600_000),
    message,
  ).catch(() => undefined);
  await heldA.reached;
  await leaseLapsed(rolloverId);

  // B finds the attempts spent and dead-letters the run.
  await processEtlMessage(worker(testWarehouse(), 60_000, deadLetters), message);
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'ERROR', attempt: 2, deadLettered: true });
  expect(deadLetters).toHaveLength(1);

  heldA.open();
  await a;
  expect(await runDoc(rolloverId)).toMatchObject({ status: 'ERROR', attempt: 2, deadLettered: true });
  expect(deadLetters).toHaveLength(1);
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(1);
  const { rows } = await sql().query('SELECT attempt, status FROM etl_run WHERE rollover_id = $1', [rolloverId]);
  expect(rows).toEqual([]);
});
