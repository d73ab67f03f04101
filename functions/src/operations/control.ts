// Pause and resume for the whole ETL. Paused, the worker leaves new runs PENDING; runs already
// RUNNING finish. Resume re-enqueues every run that waited.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { RUN_STATES } from '@trustrails/contracts';
import { CONTROL_DOC, RUNS } from '../etl/run-state';
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
  const waiting = await db.collection(RUNS).where('status', '==', RUN_STATES.PENDING).get();
  for (const doc of waiting.docs) {
    await publish({ rolloverId: doc.id, eventId: doc.get('eventId'), attempt: doc.get('claim') });
  }
  return { paused: false, enqueued: waiting.size };
}
