// Fault: the same Pub/Sub message delivered 5 times at once. One etl.completed, identical numbers.
import { PubSub } from '@google-cloud/pubsub';
import { ETL_TOPIC } from '@trustrails/contracts';
import { db, PROJECT_ID, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf, waitForCompletion } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { rowCountsForTransfer } from '../support/tables';

const pubsub = new PubSub({ projectId: PROJECT_ID });
afterAll(async () => {
  await pubsub.close();
  await closeWarehouse();
});

test('five concurrent deliveries of one message give one etl.completed and exact numbers', async () => {
  const rolloverId = uniqueId('redeliver');
  const l = rollover({ rolloverId, amountCents: 12_345, durationMs: 120_000 });
  const [source, destination] = [l.sourceCustodianId, l.destinationCustodianId];
  // The platform's events exist, but the run is claimed by hand so that no trigger publishes:
  // all five deliveries are ours and race each other.
  await writeLifecycle(l, 'before-completion');
  await claimRunByHand(rolloverId, l.completed.id);
  await writeLifecycle(l, 'completion-only');
  const message = { rolloverId, eventId: l.completed.id, attempt: 1 };
  console.log(`inject: ${JSON.stringify(message)} published 5 times concurrently`);
  await Promise.all(Array.from({ length: 5 }, () => pubsub.topic(ETL_TOPIC).publishMessage({ json: message })));

  await waitForCompletion(rolloverId);
  // Deliveries that found the lease held were told to come back later (not counted as attempts);
  // the rest were ignored once FINISHED. Wait until every delivery has been accounted for by the
  // trigger's duplicate record plus the worker's ignore counter and lease refusals in the logs:
  // the observable guarantee is the event count and the numbers.
  await waitFor(
    'the run to settle FINISHED',
    async () => (await db().collection('etlRuns').doc(rolloverId).get()).get('status') === 'FINISHED',
  );
  const month = new Date().toISOString().slice(0, 7);
  for (const custodian of [source, destination]) {
    expect(await testWarehouse().getMonthlySummary(custodian, month)).toMatchObject({
      completedCount: 1,
      volumeCents: 12_345,
      avgCompletionMs: 120_000,
    });
  }
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  expect(await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination])).toMatchObject({
    transfer: 1,
    transfer_event: 4,
    transfer_status_history: 1,
    audit_log: 1,
  });
  console.log('checked: one etl.completed, count 1 and exact volume for both custodians, no duplicate rows');
});
