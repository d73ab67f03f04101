// Records a dead letter: etlDeadLetters/{messageId}, and its id on the run. Keyed by the Pub/Sub
// message id, so a redelivery changes nothing; an unreadable payload is recorded as it came,
// because nothing published to the dead-letter topic may be dropped.
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  DEAD_LETTER_STATES,
  DeadLetterMessage,
  ETL_DEAD_LETTERS,
  describeZodError,
  type EtlDeadLetterDoc,
} from '@trustrails/contracts';
import { noteDeadLetter } from '../etl/run-state';
import { logs } from '../logs';

export interface DeadLetterDelivery {
  messageId: string;
  publishedAt: Date;
  /** The message's JSON, or its raw text when it was not JSON. */
  payload: unknown;
}

/** True when this delivery recorded the dead letter, false when it was already recorded. */
export async function recordDeadLetter(db: Firestore, delivery: DeadLetterDelivery): Promise<boolean> {
  const parsed = DeadLetterMessage.safeParse(delivery.payload);
  const message = parsed.success ? parsed.data : null;
  const ref = db.collection(ETL_DEAD_LETTERS).doc(delivery.messageId);
  const outcome = await db.runTransaction(async (tx) => {
    if ((await tx.get(ref)).exists) return null;
    const onRun = message ? await noteDeadLetter(tx, db, message.rolloverId, delivery.messageId) : false;
    const record: Omit<EtlDeadLetterDoc, 'recordedAt'> & { recordedAt: FieldValue } = {
      messageId: delivery.messageId,
      rolloverId: message?.rolloverId ?? null,
      eventId: message?.eventId ?? null,
      attempt: message?.attempt ?? null,
      reason: message?.reason ?? null,
      problem: parsed.success ? null : describeZodError(parsed.error, 'message').message,
      payload: typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload ?? null),
      status: DEAD_LETTER_STATES.DEAD,
      publishedAt: Timestamp.fromDate(delivery.publishedAt),
      recordedAt: FieldValue.serverTimestamp(),
      redrivenAt: null,
      redrivenBy: null,
    };
    tx.create(ref, record);
    return { onRun };
  });
  if (!outcome) {
    logs.deadLetterDuplicate({ messageId: delivery.messageId });
    return false;
  }
  logs.deadLetterRecorded({
    messageId: delivery.messageId,
    rolloverId: message?.rolloverId ?? null,
    reason: message?.reason ?? null,
    onRun: outcome.onRun,
  });
  return true;
}
