// Fencing to the end: a worker that has lost its run stops before its next warehouse write, not
// only before its run writes. A (the stale worker) is held inside phase 2 by a gate in front of the
// real warehouse, with renewals held off so its lease lapses; B (its twin, a redelivery of the same
// message) takes the run and is held inside phase 5. When A goes on, the write it was already in
// completes, and it must call the warehouse no more: no phase 3, 4 or 5 write of a worker whose
// fence is gone. Both workers are the worker's own handler against the emulators and PostgreSQL.
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf } from '../support/etl';
import { gate, type Gate } from '../support/gate';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';

afterAll(closeWarehouse);

const WRITES = ['writeCore', 'writeChain', 'markCompleted', 'refreshAnalytics'] as const;
type Write = (typeof WRITES)[number];

/** The real warehouse, recording each write call and first waiting at `held` in `heldIn`. */
function recorded(calls: Write[], heldIn: Write, held: Gate): Warehouse {
  const real = testWarehouse();
  const wrapped = Object.create(real) as Record<Write, (...args: unknown[]) => Promise<unknown>>;
  for (const name of WRITES) {
    const method = (real[name] as (...args: unknown[]) => Promise<unknown>).bind(real);
    wrapped[name] = async (...args: unknown[]) => {
      calls.push(name);
      if (name === heldIn) await held.pass();
      return method(...args);
    };
  }
  return wrapped as unknown as Warehouse;
}

const deps = (warehouse: Warehouse, leaseMs: number, extra: object = {}) => ({
  db: db(),
  warehouse,
  publishDeadLetter: async () => undefined,
  leaseMs,
  maxAttempts: 5,
  retry: { retries: 0, baseDelayMs: 1 },
  ...extra,
});

const runDoc = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

test.each([
  ['at a progress check-in (the default cadence)', {}],
  ['between check-ins (progress checks a minute apart)', { cancelCheckMs: 60_000 }],
])(
  'a stale worker stops before its next warehouse write, %s',
  async (_name, cadence) => {
    const rolloverId = uniqueId('fence-writes');
    const message = await claimRunByHand(rolloverId);
    await writeLifecycle(rollover({ rolloverId, amountCents: 7_654, durationMs: 30_000 }));

    const callsA: Write[] = [];
    const heldA = gate();
    // A one-second lease whose renewals would come only after ten minutes: it lapses while A is held.
    const a = processEtlMessage(
      deps(recorded(callsA, 'writeCore', heldA), 1_000, { renewEveryMs: 600_000, ...cadence }),
      message,
    );
    await heldA.reached;
    await waitFor(`the lease of ${rolloverId} to run out`, async () => {
      const lease = (await runDoc(rolloverId)).leaseExpiresAt;
      return lease && lease.toMillis() < Date.now();
    });

    const callsB: Write[] = [];
    const heldB = gate();
    const b = processEtlMessage(deps(recorded(callsB, 'refreshAnalytics', heldB), 60_000), message);
    await heldB.reached;
    expect(await runDoc(rolloverId)).toMatchObject({ status: 'RUNNING', attempt: 2 });

    heldA.open();
    await expect(a).resolves.toBeUndefined();
    // The write A was inside when it lost the run completes; nothing after it.
    expect(callsA).toEqual(['writeCore']);

    heldB.open();
    await b;
    expect(callsB).toEqual(['writeCore', 'writeChain', 'markCompleted', 'refreshAnalytics']);
    expect(await runDoc(rolloverId)).toMatchObject({ status: 'FINISHED', attempt: 2, lastError: null });
    expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
    expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  },
  120_000,
);
