// The deployed dead-letter subscriber: a thin wrapper around recordDeadLetter. retry: true, so a
// failed write is redelivered rather than lost; the record is idempotent by message id.
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { ETL_DEAD_LETTER_TOPIC } from '@trustrails/contracts';
import { db } from '../runtime';
import { SCALING } from '../scaling';
import { recordDeadLetter } from './record';

export const etlDeadLetter = onMessagePublished(
  { topic: ETL_DEAD_LETTER_TOPIC, retry: true, ...SCALING.etlDeadLetter },
  async (event) => {
    const { message } = event.data;
    let payload: unknown;
    try {
      payload = message.json;
    } catch {
      payload = Buffer.from(message.data ?? '', 'base64').toString('utf8');
    }
    await recordDeadLetter(db(), { messageId: message.messageId, publishedAt: new Date(message.publishTime), payload });
  },
);
