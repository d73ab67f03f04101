// The deployed ETL functions: thin wrappers that hand the event to plain, testable handlers.
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onMessagePublished, type MessagePublishedData } from 'firebase-functions/v2/pubsub';
import type { CloudEvent } from 'firebase-functions/v2';
import { ETL_BULK_TOPIC, ETL_DEAD_LETTER_TOPIC, ETL_TOPIC, type EtlMessage } from '@trustrails/contracts';
import { etlBulkConcurrency, etlLeaseSeconds, etlMaxAttempts } from '../config';
import { SCALING } from '../scaling';
import { logs } from '../logs';
import { db, etlQueueOf, publishJson, publishJsonEnsuringTopic, relationalStore } from '../runtime';
import { processEtlMessage } from './orchestrator';
import { handleEventCreated } from './trigger';
import { handleBulkMessage } from './bulk-worker';

export const etlOnEventCreated = onDocumentCreated(
  { document: 'events/{eventId}', retry: true, ...SCALING.etlOnEventCreated },
  (event) =>
    handleEventCreated(
      { db: db(), publish: async (message) => void (await publishJson(ETL_TOPIC, message)) },
      event.params.eventId,
      event.data?.data(),
    ),
);

function payloadOf(event: CloudEvent<MessagePublishedData>): { ok: true; payload: unknown } | { ok: false } {
  try {
    return { ok: true, payload: event.data.message.json };
  } catch {
    logs.messageRejected({ reason: 'message body is not JSON' });
    return { ok: false };
  }
}

const workerDeps = () => ({
  db: db(),
  warehouse: relationalStore(),
  publishDeadLetter: async (message: EtlMessage, reason: string) =>
    void (await publishJsonEnsuringTopic(ETL_DEAD_LETTER_TOPIC, { ...message, reason })),
  leaseMs: etlLeaseSeconds * 1000,
  maxAttempts: etlMaxAttempts,
});

/** The live lane: rollovers as they complete. */
export const etlWorker = onMessagePublished({ topic: ETL_TOPIC, retry: true, ...SCALING.etlWorker }, (event) => {
  const body = payloadOf(event);
  return body.ok ? processEtlMessage(workerDeps(), body.payload) : undefined;
});

/** The bulk lane: the same processing, then the delivery hands its slot to the next waiting bulk run. */
export const etlBulkWorker = onMessagePublished(
  { topic: ETL_BULK_TOPIC, retry: true, ...SCALING.etlBulkWorker },
  (event) => {
    const body = payloadOf(event);
    return handleBulkMessage(
      { ...workerDeps(), queue: etlQueueOf(etlBulkConcurrency), bulkConcurrency: etlBulkConcurrency },
      body,
    );
  },
);
