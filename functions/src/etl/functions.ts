// The deployed ETL functions: thin wrappers that hand the event to plain, testable handlers.
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onMessagePublished, type MessagePublishedData } from 'firebase-functions/v2/pubsub';
import type { CloudEvent } from 'firebase-functions/v2';
import { COLLECTIONS, ETL_BULK_TOPIC, ETL_DEAD_LETTER_TOPIC, ETL_TOPIC, type EtlMessage } from '@trustrails/contracts';
import { etlBulkConcurrency, etlLeaseSeconds, etlMaxAttempts } from '../config';
import { SCALING } from '../scaling';
import { logs } from '../logs';
import { db, preparePublishing, publishJson, relationalStore } from '../runtime';
import { etlQueueOf } from './deployed-queue';
import { handleEventCreated } from './trigger';
import { isWarmUp, warmUp } from './warm-up';

export const etlOnEventCreated = onDocumentCreated(
  { document: `${COLLECTIONS.events}/{eventId}`, retry: true, ...SCALING.etlOnEventCreated },
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
    void (await publishJson(ETL_DEAD_LETTER_TOPIC, { ...message, reason })),
  leaseMs: etlLeaseSeconds * 1000,
  maxAttempts: etlMaxAttempts,
});

/** The live lane: rollovers as they complete. */
export const etlWorker = onMessagePublished({ topic: ETL_TOPIC, retry: true, ...SCALING.etlWorker }, async (event) => {
  const body = payloadOf(event);
  if (!body.ok) return;
  // Loaded on the first message, not with this file: the trigger's instance loads this file too and
  // needs none of the phases, the warehouse or pg.
  const orchestrator = import('./orchestrator');
  if (isWarmUp(body.payload)) return warmUp({ db: db(), warehouse: relationalStore, code: orchestrator });
  const { processEtlMessage } = await orchestrator;
  return processEtlMessage(workerDeps(), body.payload);
});

/** The bulk lane: the same processing, then the delivery hands its slot to the next waiting bulk run. */
export const etlBulkWorker = onMessagePublished(
  { topic: ETL_BULK_TOPIC, retry: true, ...SCALING.etlBulkWorker },
  async (event) => {
    const body = payloadOf(event);
    const { handleBulkMessage } = await import('./bulk-worker');
    return handleBulkMessage(
      { ...workerDeps(), queue: etlQueueOf(etlBulkConcurrency), bulkConcurrency: etlBulkConcurrency },
      body,
    );
  },
);
