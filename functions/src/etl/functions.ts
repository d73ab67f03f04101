// The deployed ETL functions: thin wrappers that hand the event to plain, testable handlers.
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { ETL_DEAD_LETTER_TOPIC, ETL_TOPIC } from '@trustrails/contracts';
import { etlLeaseSeconds, etlMaxAttempts } from '../config';
import { SCALING } from '../scaling';
import { logs } from '../logs';
import { db, preparePublishing, publishJson, publishJsonEnsuringTopic, relationalStore } from '../runtime';
import { handleEventCreated } from './trigger';
import { isWarmUp, warmUp } from './warm-up';

export const etlOnEventCreated = onDocumentCreated(
  { document: 'events/{eventId}', retry: true, ...SCALING.etlOnEventCreated },
  (event) => {
    // A rollover's other events come before its completion: the first of them readies the Pub/Sub
    // client (loaded on first use) in this instance, so the completion does not wait for it.
    preparePublishing(ETL_TOPIC);
    return handleEventCreated(
      { db: db(), publish: async (message) => void (await publishJson(ETL_TOPIC, message)) },
      event.params.eventId,
      event.data?.data(),
    );
  },
);

export const etlWorker = onMessagePublished({ topic: ETL_TOPIC, retry: true, ...SCALING.etlWorker }, async (event) => {
  let payload: unknown;
  try {
    payload = event.data.message.json;
  } catch {
    return logs.messageRejected({ reason: 'message body is not JSON' });
  }
  // Loaded on the first message, not with this file: the trigger's instance loads this file too and
  // needs none of the phases, the warehouse or pg.
  const orchestrator = import('./orchestrator');
  if (isWarmUp(payload)) return warmUp({ db: db(), warehouse: relationalStore, code: orchestrator });
  const { processEtlMessage } = await orchestrator;
  return processEtlMessage(
    {
      db: db(),
      warehouse: relationalStore(),
      publishDeadLetter: async (message, reason) =>
        void (await publishJsonEnsuringTopic(ETL_DEAD_LETTER_TOPIC, { ...message, reason })),
      leaseMs: etlLeaseSeconds * 1000,
      maxAttempts: etlMaxAttempts,
    },
    payload,
  );
});
