// Pause and resume for the whole ETL. Paused, the worker leaves new runs PENDING; runs already
// RUNNING finish. Resume re-enqueues every dispatched run that waited, a page at a time, each on its lane's topic,
// and tops the bulk lane up (its waiting runs stay the dispatcher's).
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { CONTROL_DOC, sendPendingMessages } from '../etl/run-state';
import type { EtlQueue } from '../etl/enqueue';

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
  queue: EtlQueue,
  actor: string,
  options: { pageSize?: number } = {},
): Promise<{ paused: false; enqueued: number }> {
  await db
    .doc(CONTROL_DOC)
    .set({ paused: false, changedBy: actor, changedAt: FieldValue.serverTimestamp() }, { merge: true });
  // A page at a time: runs that waited out a long pause can be many more than fit in memory.
  const waiting = await sendPendingMessages(
    db,
    async (page) => {
      for (const dispatch of page) await queue.publish(dispatch);
    },
    options.pageSize,
  );
  const dispatched = await queue.topUpBulk();
  return { paused: false, enqueued: waiting + dispatched };
}
