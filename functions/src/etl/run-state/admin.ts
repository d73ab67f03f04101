// Operator transitions: an admin retry re-opens ERROR or PAUSED runs with a fresh attempt budget,
// and a single run can be held back as PAUSED. Resume lists the runs that waited.
import { FieldPath, FieldValue, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import {
  actionAllowed,
  LANES,
  RUN_STATES,
  type AdminRetryOutcome,
  type EtlMessage,
  type EtlRunDoc,
  type ReopenCause,
} from '@trustrails/contracts';
import { laneOf, reopen, type Dispatch } from './claim';
import { dispatchedPending, runRef, runsOf, SWEEP_PAGE } from './collection';

/** The admin API's answer to a retry or a single-run pause (packages/contracts admin-api.ts). */
export type RetryOutcome = AdminRetryOutcome;

// The states each operator action starts from are the admin vocabulary's (packages/contracts
// admin-routes.ts): the transitions here and the run detail's allowed actions read that one table,
// so the page never offers what the API would refuse with 409.
export { ACTION_STATES, actionAllowed, allowedActions, type RunAction } from '@trustrails/contracts';

/**
 * Re-opens one ERROR or PAUSED run into the bulk lane (an admin retries in bulk as often as not:
 * retry-all, a redrive, a backfill); the caller tops the lane up. Null when there is no such run.
 */
export async function reopenForRetry(
  db: Firestore,
  rolloverId: string,
  cause: Extract<ReopenCause, 'admin-retry' | 'redrive'> = 'admin-retry',
): Promise<RetryOutcome | null> {
  const ref = runRef(db, rolloverId);
  return db.runTransaction(async (tx) => {
    const run = (await tx.get(ref)).data();
    if (!run) return null;
    if (!actionAllowed('retry', run.status)) return { rolloverId, retried: false, status: run.status };
    // An admin's retry is a fresh start for the sweeper's automatic re-openings too.
    reopen(tx, ref, run, { cause, autoReopenings: 0, lane: LANES.BULK });
    return { rolloverId, retried: true, status: RUN_STATES.PENDING };
  });
}

export async function failedRunIds(db: Firestore, limit: number): Promise<string[]> {
  const failed = await runsOf(db).where('status', '==', RUN_STATES.ERROR).limit(limit).get();
  return failed.docs.map((doc) => doc.id);
}

/** Holds one run back: nothing moves a PAUSED run on until an admin retries it. */
export async function pauseRun(db: Firestore, rolloverId: string): Promise<RetryOutcome | null> {
  const ref = runRef(db, rolloverId);
  return db.runTransaction(async (tx) => {
    const run = (await tx.get(ref)).data();
    if (!run) return null;
    if (!actionAllowed('pause', run.status)) {
      return { rolloverId, retried: false, status: run.status };
    }
    tx.update(ref, { status: RUN_STATES.PAUSED, updatedAt: FieldValue.serverTimestamp() });
    return { rolloverId, retried: false, status: RUN_STATES.PAUSED };
  });
}

/**
 * The messages that re-deliver every dispatched PENDING run, on its lane's topic, for resume, a
 * page at a time (oldest first, through an index): `send` gets each page before the next is read.
 * Bulk runs still waiting for a slot are the dispatcher's: publishing them would empty the lane at
 * once, and they are outside the query. Returns how many were sent.
 */
export async function sendPendingMessages(
  db: Firestore,
  send: (page: Dispatch[]) => Promise<void>,
  pageSize = SWEEP_PAGE,
): Promise<number> {
  let sent = 0;
  let after: QueryDocumentSnapshot<EtlRunDoc, EtlRunDoc> | undefined;
  for (;;) {
    const query = dispatchedPending(db).orderBy('updatedAt').orderBy(FieldPath.documentId()).limit(pageSize);
    const page = await (after ? query.startAfter(after) : query).get();
    await send(page.docs.map((doc) => doc.data()).map((run) => ({ message: messageFor(run), lane: laneOf(run) })));
    sent += page.size;
    if (page.size < pageSize) return sent;
    after = page.docs.at(-1);
  }
}

export const messageFor = (run: { rolloverId: string; eventId: string; claim: number }): EtlMessage => ({
  rolloverId: run.rolloverId,
  eventId: run.eventId,
  attempt: run.claim,
});
