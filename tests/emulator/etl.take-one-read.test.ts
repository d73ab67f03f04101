// Stage 2 takes a run in a transaction whose reads (the run and the pause switch) go out as one
// request: in a transaction the first read begins it, so a second get would wait for its reply.
// Real Firestore emulator, in a project of its own; the spies only count the reads made.
import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Transaction, type Firestore } from 'firebase-admin/firestore';
import { claimRun, takeRun } from '../../functions/src/etl/run-state';
import { uniqueId } from '../support/firebase';

const app = initializeApp({ projectId: `demo-take-${randomUUID().slice(0, 8)}` }, 'take-one-read');
const db: Firestore = getFirestore(app);
// tests/support/jest-setup.ts deletes every app, this one included.
const OPTIONS = { leaseMs: 60_000, maxAttempts: 5 };

test('taking a run reads the run and the pause switch in one request, then holds it under a new attempt', async () => {
  const rolloverId = uniqueId('take');
  await claimRun(db, rolloverId, 'e-1');
  const gets = jest.spyOn(Transaction.prototype, 'get');
  const getAlls = jest.spyOn(Transaction.prototype, 'getAll');
  try {
    const take = await takeRun(db, { rolloverId, eventId: 'e-1', attempt: 1 }, OPTIONS);
    expect(take).toMatchObject({ kind: 'run', fence: { claim: 1, attempt: 1 }, attemptsThisClaim: 1 });
    expect(gets).not.toHaveBeenCalled();
    expect(getAlls).toHaveBeenCalledTimes(1);
  } finally {
    gets.mockRestore();
    getAlls.mockRestore();
  }
  expect((await db.collection('etlRuns').doc(rolloverId).get()).data()).toMatchObject({
    status: 'RUNNING',
    attempt: 1,
  });
  // Its lease is held: a second delivery does not take it.
  await expect(takeRun(db, { rolloverId, eventId: 'e-1', attempt: 1 }, OPTIONS)).resolves.toEqual({
    kind: 'lease-held',
  });
});

test('a PENDING run is not taken while the ETL is paused, and a message of an older claim is refused', async () => {
  const rolloverId = uniqueId('take-paused');
  await claimRun(db, rolloverId, 'e-1');
  await db.doc('etlControl/state').set({ paused: true });
  try {
    await expect(takeRun(db, { rolloverId, eventId: 'e-1', attempt: 1 }, OPTIONS)).resolves.toEqual({
      kind: 'skip',
      status: 'PENDING',
      reason: 'etl paused',
    });
  } finally {
    await db.doc('etlControl/state').set({ paused: false });
  }
  await expect(takeRun(db, { rolloverId, eventId: 'e-1', attempt: 0 }, OPTIONS)).resolves.toMatchObject({
    kind: 'skip',
    reason: 'stale message',
  });
});
