// At-least-once in, exactly-once effect: redelivered messages and repeated completion documents
// give one etl.completed and unchanged numbers.
import { ETL_TOPIC } from '@trustrails/contracts';
import { PubSub } from '@google-cloud/pubsub';
import { db, PROJECT_ID, uniqueId } from '../support/firebase';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { writeEvents } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { rowCountsForTransfer } from '../support/tables';
import { handleEventCreated } from '../../functions/src/etl/trigger';

const pubsub = new PubSub({ projectId: PROJECT_ID });
afterAll(async () => {
  await pubsub.close();
  await closeWarehouse();
});

test('the completion redelivered 3 times to each stage, and a second rollover.completed, change nothing', async () => {
  const rolloverId = uniqueId('dup');
  const l = rollover({ rolloverId, amountCents: 700_00, durationMs: 5_000, chain: true });
  const [source, destination] = [l.sourceCustodianId, l.destinationCustodianId];
  await writeLifecycle(l);
  await waitForCompletion(rolloverId);
  const first = await waitForRunStatus(rolloverId, 'FINISHED');
  const month = new Date().toISOString().slice(0, 7);
  const before = await Promise.all([source, destination].map((c) => testWarehouse().getMonthlySummary(c, month)));
  const rowsBefore = await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination]);

  // Redeliveries: the exact message stage 1 published, three more times.
  const message = { rolloverId, eventId: l.completed.id, attempt: 1 };
  const topic = pubsub.topic(ETL_TOPIC);
  await Promise.all([1, 2, 3].map(() => topic.publishMessage({ json: message })));
  // The trigger handler invoked again for the same document, as a trigger redelivery would
  // (the emulator never redelivers by itself); publishing must not happen.
  let published = 0;
  for (let i = 0; i < 3; i += 1) {
    await handleEventCreated(
      { db: db(), publish: async () => void (published += 1) },
      l.completed.id,
      l.completed.data,
    );
  }
  expect(published).toBe(0);
  // A second completion document for the same rollover.
  await writeEvents(db(), [{ id: `${l.completed.id}-again`, data: l.completed.data }]);

  // The run records each duplicate it ignored; wait until all four have arrived.
  await waitFor('the duplicates to reach the trigger and the worker', async () => {
    const run = (await db().collection('etlRuns').doc(rolloverId).get()).data()!;
    return (
      run.ignoredDeliveries === 3 &&
      run.duplicateEventIds?.includes(`${l.completed.id}-again`) &&
      run.duplicateEventIds?.includes(l.completed.id)
    );
  });

  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  const after = await Promise.all([source, destination].map((c) => testWarehouse().getMonthlySummary(c, month)));
  expect(after).toEqual(before);
  expect(await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination])).toEqual(rowsBefore);
  const run = (await db().collection('etlRuns').doc(rolloverId).get()).data()!;
  expect(run).toMatchObject({ status: 'FINISHED', attempt: first.attempt, eventId: l.completed.id });
});
