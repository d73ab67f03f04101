// A recorded dead letter (etlDeadLetters/{messageId}) noted on its run, inside the recording
// transaction, so the run lists every dead letter it produced.
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import type { ReopenCause, RunState } from '@trustrails/contracts';
import { runRef } from './collection';

/** The run as the recording sees it: a letter recorded after its run finished is already healed. */
export interface RunOfLetter {
  status: RunState;
  reopenedBy: ReopenCause | null;
}

/** Reads before it writes: the caller must not read after it. Null when there is no such run. */
export async function noteDeadLetter(
  tx: Transaction,
  db: Firestore,
  rolloverId: string,
  messageId: string,
): Promise<RunOfLetter | null> {
  const ref = runRef(db, rolloverId);
  const run = (await tx.get(ref)).data();
  if (!run) return null;
  tx.update(ref, { deadLetterIds: FieldValue.arrayUnion(messageId) });
  return { status: run.status, reopenedBy: run.reopenedBy ?? null };
}
