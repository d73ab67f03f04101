// A transient warehouse failure in phase 5 is retried with backoff inside the delivery, and the
// run completes, once, with the retries counted. (Redelivery of a whole message cannot be shown
// on the emulator: firebase-tools' Pub/Sub bridge acks every message whatever the function does.)
import { db, uniqueId } from '../support/firebase';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';

test('two injected analytics-phase failures are retried, then the run completes exactly once', async () => {
  const rolloverId = uniqueId('transient');
  await db().collection('etlFaults').doc(rolloverId).set({ phase: 'analytics', mode: 'throw', remaining: 2, fired: 0 });
  await writeLifecycle(rollover({ rolloverId, amountCents: 99_00 }));

  await waitForCompletion(rolloverId, 60_000);
  const run = await waitForRunStatus(rolloverId, 'FINISHED');
  expect(run.attempt).toBe(1);
  expect(run.phaseRetries).toEqual({ analytics: 2 });
  expect((await db().collection('etlFaults').doc(rolloverId).get()).get('fired')).toBe(2);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
}, 90_000);
