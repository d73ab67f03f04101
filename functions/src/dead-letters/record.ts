// Records a dead letter: etlDeadLetters/{messageId}, and its id on the run. Keyed by the Pub/Sub
// message id, so a redelivery changes nothing; an unreadable payload is recorded as it came,
// because nothing published to the dead-letter topic may be dropped. A letter with nothing left to
// heal (no run named, the run gone, or already finished since) is recorded RESOLVED; an open one
// recorded while the deadLetters alert is open is announced on the alert, not swallowed by it.
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  DEAD_LETTER_STATES,
  DeadLetterMessage,
  RUN_STATES,
  describeZodError,
  type DeadLetterResolution,
  type DeadLetterResolver,
  type EtlDeadLetterDoc,
} from '@trustrails/contracts';
import { noteOccurrence, readAlert } from '../alerts/store';
import { noteDeadLetter, type RunOfLetter } from '../etl/run-state';
import { logs } from '../logs';
import { expiresAfter } from '../retention';
import { lettersOf } from './resolve';

export interface DeadLetterDelivery {
  messageId: string;
  publishedAt: Date;
  /** The message's JSON, or its raw text when it was not JSON. */
  payload: unknown;
}

type Closed = { resolution: DeadLetterResolution; by: DeadLetterResolver } | null;

/** Whether the letter is settled as it is recorded, and how. */
function closedOnArrival(readable: boolean, run: RunOfLetter | null): Closed {
  if (!readable) return { resolution: 'no-run', by: 'subscriber' };
  if (!run) return { resolution: 'run-missing', by: 'subscriber' };
  // A letter is published only after its claim failed: a FINISHED run was re-opened and healed since.
  if (run.status === RUN_STATES.FINISHED) return { resolution: 'run-finished', by: run.reopenedBy ?? 'unknown' };
  return null;
}

/** True when this delivery recorded the dead letter, false when it was already recorded. */
export async function recordDeadLetter(db: Firestore, delivery: DeadLetterDelivery): Promise<boolean> {
  const parsed = DeadLetterMessage.safeParse(delivery.payload);
  const message = parsed.success ? parsed.data : null;
  const ref = lettersOf(db).doc(delivery.messageId);
  const outcome = await db.runTransaction(async (tx) => {
    if ((await tx.get(ref)).exists) return null;
    const alert = await readAlert(tx, db, 'deadLetters');
    const run = message ? await noteDeadLetter(tx, db, message.rolloverId, delivery.messageId) : null;
    const closed = closedOnArrival(message !== null, run);
    const record: Omit<EtlDeadLetterDoc, 'recordedAt' | 'resolvedAt'> & {
      recordedAt: FieldValue;
      resolvedAt: FieldValue | null;
    } = {
      messageId: delivery.messageId,
      rolloverId: message?.rolloverId ?? null,
      eventId: message?.eventId ?? null,
      attempt: message?.attempt ?? null,
      reason: message?.reason ?? null,
      problem: parsed.success ? null : describeZodError(parsed.error, 'message').message,
      payload: typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload ?? null),
      status: closed ? DEAD_LETTER_STATES.RESOLVED : DEAD_LETTER_STATES.DEAD,
      publishedAt: Timestamp.fromDate(delivery.publishedAt),
      recordedAt: FieldValue.serverTimestamp(),
      redrivenAt: null,
      redrivenBy: null,
      resolvedAt: closed ? FieldValue.serverTimestamp() : null,
      resolution: closed?.resolution ?? null,
      resolvedBy: closed?.by ?? null,
      ...(closed ? expiresAfter('resolvedLetter') : {}),
    };
    tx.create(ref, record);
    const occurrences = closed ? null : noteOccurrence(tx, alert);
    return { onRun: run !== null, closed, occurrences };
  });
  if (!outcome) {
    logs.deadLetterDuplicate({ messageId: delivery.messageId });
    return false;
  }
  const rolloverId = message?.rolloverId ?? null;
  logs.deadLetterRecorded({
    messageId: delivery.messageId,
    rolloverId,
    reason: message?.reason ?? null,
    onRun: outcome.onRun,
  });
  if (outcome.closed) logs.deadLettersResolved({ rolloverId, messageIds: [delivery.messageId], ...outcome.closed });
  if (outcome.occurrences !== null)
    logs.alertOccurrence({
      condition: 'deadLetters',
      occurrences: outcome.occurrences,
      detail: { messageId: delivery.messageId, rolloverId },
    });
  return true;
}
