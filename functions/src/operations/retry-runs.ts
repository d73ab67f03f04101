// Admin retries: re-open ERROR runs (a new claim generation, a fresh attempt budget) and enqueue them.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { RUN_STATES } from '@trustrails/contracts';
import type { Publish } from '../etl/enqueue';
import { RUNS } from '../etl/run-state';

export type RetryOutcome = { rolloverId: string; retried: boolean; status: string };

export async function retryRun(db: Firestore, publish: Publish, rolloverId: string): Promise<RetryOutcome | null> {
  const ref = db.collection(RUNS).doc(rolloverId);
  const outcome = await db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return null;
    const status = snap.get('status') as string;
    if (status !== RUN_STATES.ERROR && status !== RUN_STATES.PAUSED) return { retried: false, status, message: null };
    const claim = (snap.get('claim') as number) + 1;
    tx.update(ref, {
      status: RUN_STATES.PENDING,
      claim,
      attemptBase: snap.get('attempt'),
      leaseExpiresAt: null,
      deadLettered: false,
      updatedAt: FieldValue.serverTimestamp(),
    });
    return {
      retried: true,
      status: RUN_STATES.PENDING,
      message: { rolloverId, eventId: snap.get('eventId') as string, attempt: claim },
    };
  });
  if (!outcome) return null;
  if (outcome.message) await publish(outcome.message);
  return { rolloverId, retried: outcome.retried, status: outcome.status };
}

export async function retryAllFailed(db: Firestore, publish: Publish, limit = 500): Promise<{ retried: number }> {
  const failed = await db.collection(RUNS).where('status', '==', RUN_STATES.ERROR).limit(limit).get();
  let retried = 0;
  for (const doc of failed.docs) {
    if ((await retryRun(db, publish, doc.id))?.retried) retried += 1;
  }
  return { retried };
}

/** Holds one run back: nothing moves a PAUSED run on until an admin retries it. */
export async function pauseRun(db: Firestore, rolloverId: string): Promise<RetryOutcome | null> {
  const ref = db.collection(RUNS).doc(rolloverId);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return null;
    const status = snap.get('status') as string;
    if (status !== RUN_STATES.PENDING && status !== RUN_STATES.ERROR) return { rolloverId, retried: false, status };
    tx.update(ref, { status: RUN_STATES.PAUSED, updatedAt: FieldValue.serverTimestamp() });
    return { rolloverId, retried: false, status: RUN_STATES.PAUSED };
  });
}
