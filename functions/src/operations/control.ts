// Pause and resume for the whole ETL. Paused, the worker leaves new runs PENDING; runs already
// RUNNING finish. Resume re-enqueues every run that waited.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { CONTROL_DOC, pendingMessages } from '../etl/run-state';
import type { Publish } from '../etl/enqueue';

export async function isPaused(db: Firestore): Promise<boolean> {
  return (await db.doc(CONTROL_DOC).get()).get('paused') === true;
}

export async function pauseEtl(db: Firestore, actor: string): Promise<{ paused: true }> {
  await db
    .doc(CONTROL_DOC)
    .set({ paused: true, changedBy: actor, changedAt: FieldValue.serverTimestamp() }, { merge: true });
  return { paused: true };
}

export async function resumeEtl(
  db: Firestore,
  publish: Publish,
  actor: string,
): Promise<{ paused: false; enqueued: number }> {
  await db
    .doc(CONTROL_DOC)
    .set({ paused: false, changedBy: actor, changedAt: FieldValue.serverTimestamp() }, { merge: true });
  const waiting = await pendingMessages(db);
  for (const message of waiting) await publish(message);
  return { paused: false, enqueued: waiting.length };
}
