// Admin retries: re-open ERROR (or PAUSED) runs with a fresh attempt budget into the bulk lane,
// then top the lane up. The transitions themselves live in etl/run-state.
import type { Firestore } from 'firebase-admin/firestore';
import type { AdminRetryAllOutcome, ReopenCause } from '@trustrails/contracts';
import type { EtlQueue } from '../etl/enqueue';
import { failedRunIds, reopenForRetry, type RetryOutcome } from '../etl/run-state';

export { pauseRun, type RetryOutcome } from '../etl/run-state';

/**
 * Re-opens one run into the bulk lane without dispatching: callers retrying many top up once. A
 * dead-letter redrive says so, and the letters it heals record it.
 */
export const retryRun = (
  db: Firestore,
  rolloverId: string,
  cause: Extract<ReopenCause, 'admin-retry' | 'redrive'> = 'admin-retry',
): Promise<RetryOutcome | null> => reopenForRetry(db, rolloverId, cause);

/** One admin retry: re-open, then dispatch if the lane has a free slot. */
export async function retryOne(db: Firestore, queue: EtlQueue, rolloverId: string): Promise<RetryOutcome | null> {
  const outcome = await retryRun(db, rolloverId);
  if (outcome?.retried) await queue.topUpBulk();
  return outcome;
}

export async function retryAllFailed(db: Firestore, queue: EtlQueue, limit = 500): Promise<AdminRetryAllOutcome> {
  let retried = 0;
  for (const rolloverId of await failedRunIds(db, limit)) {
    if ((await retryRun(db, rolloverId))?.retried) retried += 1;
  }
  if (retried > 0) await queue.topUpBulk();
  return { retried };
}
