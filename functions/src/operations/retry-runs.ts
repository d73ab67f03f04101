// Admin retries: re-open ERROR (or PAUSED) runs with a fresh attempt budget and enqueue them.
// The transitions themselves live in etl/run-state.
import type { Firestore } from 'firebase-admin/firestore';
import type { AdminRetryAllOutcome } from '@trustrails/contracts';
import type { Publish } from '../etl/enqueue';
import { failedRunIds, reopenForRetry, type RetryOutcome } from '../etl/run-state';

export { pauseRun, type RetryOutcome } from '../etl/run-state';

export async function retryRun(db: Firestore, publish: Publish, rolloverId: string): Promise<RetryOutcome | null> {
  const reopened = await reopenForRetry(db, rolloverId);
  if (!reopened) return null;
  if (reopened.publish) await publish(reopened.publish);
  return reopened.outcome;
}

export async function retryAllFailed(db: Firestore, publish: Publish, limit = 500): Promise<AdminRetryAllOutcome> {
  let retried = 0;
  for (const rolloverId of await failedRunIds(db, limit)) {
    if ((await retryRun(db, publish, rolloverId))?.retried) retried += 1;
  }
  return { retried };
}
