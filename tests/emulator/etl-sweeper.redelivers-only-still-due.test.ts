// The sweeper marks a run swept, and re-delivers it, in a transaction that re-reads the run: a run
// another delivery took between the sweeper's query and its mark is left alone, neither marked nor
// re-delivered. Run-state transitions against the Firestore emulator.
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand } from '../support/etl';
import { waitFor } from '../support/wait';
import { markSwept, runsToRedeliver, takeRun } from '../../functions/src/etl/run-state';

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
  expect(await markSwept(listed, now, { pendingAfterMs: 600_000 })).toEqual(message);
  expect((await runDoc(rolloverId)).sweptAt.toMillis()).toBe(now.getTime());
});
