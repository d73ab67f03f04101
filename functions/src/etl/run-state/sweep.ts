// The sweeper's transitions: which runs to re-deliver (a dead worker's expired lease, a PENDING run
// whose message was lost), marking them swept, and re-opening ERROR runs that may heal by retrying.
import { FieldValue, Timestamp, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { LANES, RUN_STATES, type EtlRunDoc } from '@trustrails/contracts';
import { laneOf, reopen, waitsForDispatch, type Dispatch } from './claim';
import { dispatchedPending, runRef, runsOf, SWEEP_PAGE } from './collection';
import { messageFor } from './admin';

type RunSnapshot = QueryDocumentSnapshot<EtlRunDoc, EtlRunDoc>;

const millis = (t: { toDate(): Date } | null | undefined): number => t?.toDate().getTime() ?? 0;

/**
 * Past its lease (RUNNING) or waiting too long (PENDING), and not re-delivered by a recent sweep.
 * A bulk run waiting for a slot is not stuck: it is the dispatcher's to publish, and re-delivering
 * the bulk queue would flood the workers the lane exists to protect.
 */
function redeliverable(run: EtlRunDoc, now: Date, pendingAfterMs: number): boolean {
  const before = now.getTime() - pendingAfterMs;
  if (waitsForDispatch(run)) return false;
  if (millis(run.sweptAt) > before) return false;
  if (run.status === RUN_STATES.RUNNING)
    return run.leaseExpiresAt !== null && millis(run.leaseExpiresAt) < now.getTime();
  return run.status === RUN_STATES.PENDING && millis(run.updatedAt) < before;
}

/**
 * RUNNING runs past their lease and (unless the ETL is paused) dispatched PENDING runs older than
 * `pendingAfterMs`, the oldest page of each, through indexed queries (firestore.indexes.json). The
 * bulk backlog (runs waiting for a slot, `dispatched == false`) is outside the query, so a sweep
 * costs the same at 50 runs waiting as at 50,000. A run re-enqueued by a recent sweep is left alone
 * until its message has had time to arrive: under a backlog, re-publishing every waiting run on
 * every tick would deepen it. markSwept moves its `updatedAt` on, so it leaves the next page too.
 */
export async function runsToRedeliver(
  db: Firestore,
  now: Date,
  options: { pendingAfterMs: number; paused: boolean; pageSize?: number },
): Promise<{ expired: RunSnapshot[]; stalePending: RunSnapshot[] }> {
  const pageSize = options.pageSize ?? SWEEP_PAGE;
  const notRecentlySwept = (doc: RunSnapshot) => redeliverable(doc.data(), now, options.pendingAfterMs);
  const expired = await runsOf(db)
    .where('status', '==', RUN_STATES.RUNNING)
    .where('leaseExpiresAt', '<', Timestamp.fromDate(now))
    .orderBy('leaseExpiresAt')
    .limit(pageSize)
    .get();
  const pending = options.paused
    ? []
    : (
        await dispatchedPending(db)
          .where('updatedAt', '<', Timestamp.fromMillis(now.getTime() - options.pendingAfterMs))
          .orderBy('updatedAt')
          .limit(pageSize)
          .get()
      ).docs;
  return { expired: expired.docs.filter(notRecentlySwept), stalePending: pending.filter(notRecentlySwept) };
}

/**
 * The message that re-delivers a listed run, on its lane's topic, recording when the sweeper sent
 * it; null when the run moved on since the query (a delivery took it, an admin re-opened it), so
 * nothing is re-delivered.
 */
export function markSwept(doc: RunSnapshot, now: Date, options: { pendingAfterMs: number }): Promise<Dispatch | null> {
  return doc.ref.firestore.runTransaction(async (tx) => {
    const run = (await tx.get(doc.ref)).data();
    if (!run || !redeliverable(run, now, options.pendingAfterMs)) return null;
    // updatedAt too: the wait for this new message counts from now, and the run leaves the oldest page.
    tx.update(doc.ref, { sweptAt: Timestamp.fromDate(now), updatedAt: FieldValue.serverTimestamp() });
    // The claim as it is now: a message of an older claim would be refused by takeRun.
    return { message: messageFor(run), lane: laneOf(run) };
  });
}

export interface ReopenPolicy {
  /** Wait after the first failure; doubles with each automatic re-opening. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Automatic re-openings of one run before it is left for an admin. */
  maxReopenings: number;
}

/** How long a run that has been re-opened `reopenings` times waits before the next re-opening. */
export const reopenDelayMs = (policy: ReopenPolicy, reopenings: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** reopenings);

/**
 * Re-opens ERROR runs whose last failure was retryable (a warehouse outage that outlasted the
 * attempt budget), with capped exponential backoff and a cap on re-openings, so they heal
 * without an admin. Permanent failures stay ERROR. They join the bulk lane (an outage can fail
 * hundreds at once, and re-opening them must not delay live rollovers); returns how many.
 *
 * The query reads only runs whose `reopenDueAt` has come, oldest first. Each one it reads is
 * re-opened, or moved out of the next query's reach: a run still in its backoff gets the end of
 * it as `reopenDueAt`, a run whose re-openings are used up gets null. So however many runs cannot
 * be re-opened, they never fill the page that a due run needs.
 */
export async function reopenRetryable(db: Firestore, now: Date, policy: ReopenPolicy, limit = 500): Promise<number> {
  const candidates = await runsOf(db)
    .where('status', '==', RUN_STATES.ERROR)
    .where('reopenDueAt', '<=', Timestamp.fromDate(now))
    .orderBy('reopenDueAt')
    .limit(limit)
    .get();
  let reopened = 0;
  for (const doc of candidates.docs) {
    const ref = runRef(db, doc.id);
    const done = await db.runTransaction(async (tx) => {
      // Re-read: an admin or a new completion event may have re-opened it since the query.
      const run = (await tx.get(ref)).data();
      if (run?.status !== RUN_STATES.ERROR || !run.reopenDueAt || millis(run.reopenDueAt) > now.getTime()) return false;
      const reopenings = run.autoReopenings ?? 0;
      if (run.lastError?.retryable !== true || reopenings >= policy.maxReopenings) {
        tx.update(ref, { reopenDueAt: null });
        return false;
      }
      const dueAt = millis(run.lastError.at) + reopenDelayMs(policy, reopenings);
      if (dueAt > now.getTime()) {
        tx.update(ref, { reopenDueAt: Timestamp.fromMillis(dueAt) });
        return false;
      }
      reopen(tx, ref, run, { cause: 'sweeper', autoReopenings: reopenings + 1, lane: LANES.BULK });
      return true;
    });
    if (done) reopened += 1;
  }
  return reopened;
}
