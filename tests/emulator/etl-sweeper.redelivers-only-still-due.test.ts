// The sweeper marks a run swept, and re-delivers it, in a transaction that re-reads the run: a run
// another delivery took between the sweeper's query and its mark is left alone, neither marked nor
// re-delivered. A bulk run goes back on the bulk topic, and one still waiting for a slot is never
// re-delivered. Run-state transitions against the Firestore emulator.
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand } from '../support/etl';
import { waitFor } from '../support/wait';
import { claimRun, failRun, markSwept, pauseRun, runsToRedeliver, takeRun } from '../../functions/src/etl/run-state';

const runDoc = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

test('a run taken again after the sweeper listed it is not marked swept or re-delivered', async () => {
  const rolloverId = uniqueId('sweep-taken');
  const message = await claimRunByHand(rolloverId);
  expect((await takeRun(db(), message, { leaseMs: 300, maxAttempts: 5 })).kind).toBe('run');
  const listed = await waitFor(`the sweeper to list ${rolloverId} as past its lease`, async () => {
    const { expired } = await runsToRedeliver(db(), new Date(), { pendingAfterMs: 600_000, paused: false });
    return expired.find((doc) => doc.id === rolloverId);
  });

  // A redelivery takes the run before the sweeper marks it.
  expect((await takeRun(db(), message, { leaseMs: 60_000, maxAttempts: 5 })).kind).toBe('run');
  expect(await markSwept(listed, new Date(), { pendingAfterMs: 600_000 })).toBeNull();
  const run = await runDoc(rolloverId);
  expect(run).toMatchObject({ status: 'RUNNING', attempt: 2 });
  expect(run.sweptAt).toBeUndefined();
});

test('a run still past its lease is marked swept and re-delivered under its current claim', async () => {
  const rolloverId = uniqueId('sweep-expired');
  const message = await claimRunByHand(rolloverId);
  expect((await takeRun(db(), message, { leaseMs: 300, maxAttempts: 5 })).kind).toBe('run');
  const listed = await waitFor(`the sweeper to list ${rolloverId} as past its lease`, async () => {
    const { expired } = await runsToRedeliver(db(), new Date(), { pendingAfterMs: 600_000, paused: false });
    return expired.find((doc) => doc.id === rolloverId);
  });
  const now = new Date();
  expect(await markSwept(listed, now, { pendingAfterMs: 600_000 })).toEqual({ message, lane: 'live' });
  expect((await runDoc(rolloverId)).sweptAt.toMillis()).toBe(now.getTime());
});

test('a bulk run past its lease is re-delivered on the bulk topic; one waiting for a slot is never listed', async () => {
  const expiredId = uniqueId('sweep-bulk-expired');
  const waitingId = uniqueId('sweep-bulk-waiting');
  for (const id of [expiredId, waitingId])
    expect(await claimRun(db(), id, `${id}-completed`, 'bulk')).toMatchObject({ publish: null, queued: true });
  // Taken as a bulk delivery would take it once dispatched.
  const message = { rolloverId: expiredId, eventId: `${expiredId}-completed`, attempt: 1 };
  expect((await takeRun(db(), message, { leaseMs: 300, maxAttempts: 5 })).kind).toBe('run');
  const listed = await waitFor(`the sweeper to list ${expiredId} as past its lease`, async () => {
    const { expired, stalePending } = await runsToRedeliver(db(), new Date(), { pendingAfterMs: 1, paused: false });
    // However old, a run that waits for a slot is the dispatcher's, not stuck.
    expect(stalePending.map((doc) => doc.id)).not.toContain(waitingId);
    return expired.find((doc) => doc.id === expiredId);
  });
  expect(await markSwept(listed, new Date(), { pendingAfterMs: 1 })).toEqual({ message, lane: 'bulk' });

  // Out of the lane again (this test's runs never held a slot), so no other test counts them.
  const retaken = await takeRun(db(), message, { leaseMs: 60_000, maxAttempts: 5 });
  if (retaken.kind !== 'run') throw new Error(`could not take ${expiredId} back: ${retaken.kind}`);
  const failure = { reason: 'test over', missing: [], retryable: false, transferId: null, phase: null };
  expect(
    await failRun(db(), expiredId, retaken.fence, { ...failure, attempt: retaken.fence.attempt, deadLettered: false }),
  ).toBe('recorded');
  expect(await pauseRun(db(), waitingId)).toMatchObject({ status: 'PAUSED' });
});
