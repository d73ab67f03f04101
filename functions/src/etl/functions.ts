// The deployed ETL functions: thin wrappers that hand the event to plain, testable handlers.
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { ETL_DEAD_LETTER_TOPIC, ETL_TOPIC } from '@trustrails/contracts';
import { etlLeaseSeconds, etlMaxAttempts } from '../config';
import { SCALING } from '../scaling';
import { logs } from '../logs';
import { db, publishJson, publishJsonEnsuringTopic, relationalStore } from '../runtime';
import { processEtlMessage } from './orchestrator';
import { handleEventCreated } from './trigger';

export const etlOnEventCreated = onDocumentCreated(
  { document: 'events/{eventId}', retry: true, ...SCALING.etlOnEventCreated },
  (event) =>
    handleEventCreated(
      { db: db(), publish: async (message) => void (await publishJson(ETL_TOPIC, message)) },
      event.params.eventId,
      event.data?.data(),
    ),
);

export const etlWorker = onMessagePublished({ topic: ETL_TOPIC, retry: true, ...SCALING.etlWorker }, (event) => {
  let payload: unknown;
  try {
    payload = event.data.message.json;
  } catch {
    return logs.messageRejected({ reason: 'message body is not JSON' });
  }
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
