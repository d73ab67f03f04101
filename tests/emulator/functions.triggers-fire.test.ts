// The Functions emulator runs our deployed triggers: a v2 Firestore onDocumentCreated trigger
// (stage 1 claims the run) and a Pub/Sub onMessagePublished trigger (stage 2 takes it).
import { FieldValue } from 'firebase-admin/firestore';
import { db, uniqueId } from '../support/firebase';
import { waitFor } from '../support/wait';

test('a created rollover.completed document fires the Firestore trigger, which publishes to the Pub/Sub worker', async () => {
  const rolloverId = uniqueId('fires');
  // No rollover.initiated event: the worker must record a permanent failure, which proves
  // that the Pub/Sub-triggered function ran, without needing the relational store.
  await db()
    .collection('events')
    .doc(`${rolloverId}-completed`)
    .create({
      eventType: 'rollover.completed',
      rolloverId,
      userId: 'platform',
      timestamp: FieldValue.serverTimestamp(),
      source: 'rollover-platform',
      eventData: {
        transferId: `t-${rolloverId}`,
        sourceCustodianId: 'c-a',
        destinationCustodianId: 'c-b',
        amountCents: 100,
      },
    });

  const claimed = await waitFor('etlRuns doc from the Firestore trigger', async () => {
    const snap = await db().collection('etlRuns').doc(rolloverId).get();
    return snap.exists ? snap.data() : undefined;
  });
  expect(claimed.eventId).toBe(`${rolloverId}-completed`);

  const failed = await waitFor('the worker (Pub/Sub trigger) to finish the run', async () => {
    const snap = await db().collection('etlRuns').doc(rolloverId).get();
    return snap.get('status') === 'ERROR' ? snap.data() : undefined;
  });
  expect(failed.lastError.missing).toEqual(['rollover.initiated']);
  expect(failed.lastError.retryable).toBe(false);
});
