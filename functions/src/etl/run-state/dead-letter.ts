// A recorded dead letter (etlDeadLetters/{messageId}) noted on its run, inside the recording
// transaction, so the run lists every dead letter it produced.
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { runRef } from './collection';

/** Reads before it writes: the caller must not read after it. False when there is no such run. */
export async function noteDeadLetter(
  tx: Transaction,
  db: Firestore,
  rolloverId: string,
  messageId: string,
): Promise<boolean> {
  const ref = runRef(db, rolloverId);
  if (!(await tx.get(ref)).exists) return false;
  tx.update(ref, { deadLetterIds: FieldValue.arrayUnion(messageId) });
  return true;
}
