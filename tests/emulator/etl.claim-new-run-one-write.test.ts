// Stage 1 opens a new run with one precondition write (create()), not a transaction; a claim of a
// run that exists falls back to the transaction, so redelivery, duplicates and racing claims keep
// their outcomes. The claims run on the real Firestore emulator in a project of their own (no
// trigger of the functions emulator sees these runs); the spy only counts the transactions begun.
import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { claimRun } from '../../functions/src/etl/run-state';
import { uniqueId } from '../support/firebase';

const app = initializeApp({ projectId: `demo-claim-${randomUUID().slice(0, 8)}` }, 'claim-one-write');
const db: Firestore = getFirestore(app);
// tests/support/jest-setup.ts deletes every app, this one included.

const runOf = async (id: string) => (await db.collection('etlRuns').doc(id).get()).data();

test('a new run is opened without a transaction; a redelivery and a duplicate go through one', async () => {
  const transactions = jest.spyOn(db, 'runTransaction');
  const rolloverId = uniqueId('claim-new');

  await expect(claimRun(db, rolloverId, 'e-1')).resolves.toEqual({
    publish: { rolloverId, eventId: 'e-1', attempt: 1 },
  });
  expect(transactions).not.toHaveBeenCalled();
  expect(await runOf(rolloverId)).toMatchObject({ status: 'PENDING', claim: 1, eventId: 'e-1', lane: 'live' });

  // The same event again (a redelivered trigger): its message is sent again, nothing is rewritten.
  await expect(claimRun(db, rolloverId, 'e-1')).resolves.toEqual({
    publish: { rolloverId, eventId: 'e-1', attempt: 1 },
  });
  // Another completion event while the run is PENDING: recorded as a duplicate, nothing published.
  await expect(claimRun(db, rolloverId, 'e-2')).resolves.toEqual({ publish: null, status: 'PENDING' });
  expect(transactions).toHaveBeenCalledTimes(2);
  expect(await runOf(rolloverId)).toMatchObject({ claim: 1, eventId: 'e-1', duplicateEventIds: ['e-2'] });
  transactions.mockRestore();
});

test('a bulk claim of a new run queues it for the dispatcher, with one write', async () => {
  const rolloverId = uniqueId('claim-bulk');
  await expect(claimRun(db, rolloverId, 'e-1', 'bulk')).resolves.toEqual({
    publish: null,
    status: 'PENDING',
    queued: true,
  });
  expect(await runOf(rolloverId)).toMatchObject({ status: 'PENDING', claim: 1, lane: 'bulk', dispatched: false });
});

test('racing claims of one new rollover open it once: the losers of the create() fall back to the transaction', async () => {
  const rolloverId = uniqueId('claim-race');
  const events = Array.from({ length: 8 }, (_, i) => `e-${i}`);
  const results = await Promise.all(events.map((eventId) => claimRun(db, rolloverId, eventId)));
  const run = await runOf(rolloverId);
  expect(run).toMatchObject({ status: 'PENDING', claim: 1 });
  // Only the event that created the run publishes (claim 1); every other is a recorded duplicate.
  expect(results.filter((r) => r.publish)).toEqual([{ publish: { rolloverId, eventId: run!.eventId, attempt: 1 } }]);
  expect([...(run!.duplicateEventIds as string[])].sort()).toEqual(events.filter((e) => e !== run!.eventId).sort());
});
