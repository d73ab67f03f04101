// Closing dead letters: RESOLVED, with how (the resolution), by what (the path that healed the run,
// or who found it gone) and when. These are writes inside the caller's transaction: the run's
// finish (etl/run-state/outcome.ts), the recording of a letter (record.ts) and the settling of
// letters whose run finished or is gone (settle.ts), so a letter closes exactly when its run does.
import {
  FieldValue,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  DEAD_LETTER_STATES,
  OPEN_DEAD_LETTER_STATES,
  type DeadLetterResolution,
  type DeadLetterResolver,
} from '@trustrails/contracts';
import { expiresAfter } from '../retention';

export const lettersOf = (db: Firestore) => db.collection(COLLECTIONS.etlDeadLetters);

/** DEAD, or REDRIVEN with its run not finished yet: the deadLetters alert counts these. */
export const isOpenLetter = (snap: DocumentSnapshot): boolean =>
  snap.exists && (OPEN_DEAD_LETTER_STATES as readonly string[]).includes(snap.get('status') as string);

export const resolvedFields = (resolution: DeadLetterResolution, resolvedBy: DeadLetterResolver) => ({
  status: DEAD_LETTER_STATES.RESOLVED,
  resolution,
  resolvedBy,
  resolvedAt: FieldValue.serverTimestamp(),
  ...expiresAfter('resolvedLetter'),
});

/** The open ones of these letters, read in `tx` (a transaction reads everything before it writes). */
export async function openLetters(tx: Transaction, db: Firestore, messageIds: readonly string[]) {
  if (messageIds.length === 0) return [];
  const snaps = await tx.getAll(...messageIds.map((id) => lettersOf(db).doc(id)));
  return snaps.filter(isOpenLetter).map((snap) => snap.ref);
}

export function resolveLetters(
  tx: Transaction,
  letters: readonly DocumentReference[],
  resolution: DeadLetterResolution,
  resolvedBy: DeadLetterResolver,
): void {
  for (const ref of letters) tx.update(ref, resolvedFields(resolution, resolvedBy));
}
