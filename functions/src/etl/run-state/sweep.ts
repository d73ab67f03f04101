// The sweeper's transitions: which runs to re-deliver (a dead worker's expired lease, a PENDING run
// whose message was lost), marking them swept, and re-opening ERROR runs that may heal by retrying.
import { Timestamp, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { RUN_STATES, type EtlMessage, type EtlRunDoc } from '@trustrails/contracts';
import { reopen } from './claim';
import { runRef, runsOf } from './collection';
import { messageFor } from './admin';

type RunSnapshot = QueryDocumentSnapshot<EtlRunDoc, EtlRunDoc>;

const millis = (t: { toDate(): Date } | null | undefined): number => t?.toDate().getTime() ?? 0;

/**
 * RUNNING runs past their lease and (unless the ETL is paused) PENDING runs older than
 * `pendingAfterMs`. A run re-enqueued by a recent sweep is left alone until its message has had
 * time to arrive: under a backlog, re-publishing every waiting run on every tick would deepen it.
 */
export async function runsToRedeliver(
  db: Firestore,
  now: Date,
  options: { pendingAfterMs: number; paused: boolean },
): Promise<{ expired: RunSnapshot[]; stalePending: RunSnapshot[] }> {
  const notRecentlySwept = (doc: RunSnapshot) => millis(doc.data().sweptAt) <= now.getTime() - options.pendingAfterMs;
  const expired = await runsOf(db)
    .where('status', '==', RUN_STATES.RUNNING)
    .where('leaseExpiresAt', '<', Timestamp.fromDate(now))
    .get();
  const pending = options.paused
    ? []
    : (
        await runsOf(db)
          .where('status', '==', RUN_STATES.PENDING)
          .where('updatedAt', '<', Timestamp.fromMillis(now.getTime() - options.pendingAfterMs))
          .get()
      ).docs;
  return { expired: expired.docs.filter(notRecentlySwept), stalePending: pending.filter(notRecentlySwept) };
}

/** The message that re-delivers a run, recording when the sweeper sent it. */
export async function markSwept(doc: RunSnapshot, now: Date): Promise<EtlMessage> {
  await doc.ref.update({ sweptAt: Timestamp.fromDate(now) });
  return messageFor(doc.data());
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
 * without an admin. Permanent failures stay ERROR. Returns the messages to publish.
 *
 * The query reads only runs whose `reopenDueAt` has come, oldest first. Each one it reads is
 * re-opened, or moved out of the next query's reach: a run still in its backoff gets the end of
 * it as `reopenDueAt`, a run whose re-openings are used up gets null. So however many runs cannot
 * be re-opened, they never fill the page that a due run needs.
 */
export async function reopenRetryable(
  db: Firestore,
  now: Date,
  policy: ReopenPolicy,
  limit = 500,
): Promise<EtlMessage[]> {
  const candidates = await runsOf(db)
    .where('status', '==', RUN_STATES.ERROR)
    .where('reopenDueAt', '<=', Timestamp.fromDate(now))
    .orderBy('reopenDueAt')
    .limit(limit)
    .get();
  const messages: EtlMessage[] = [];
  for (const doc of candidates.docs) {
    const ref = runRef(db, doc.id);
    const message = await db.runTransaction(async (tx) => {
      // Re-read: an admin or a new completion event may have re-opened it since the query.
      const run = (await tx.get(ref)).data();
      if (run?.status !== RUN_STATES.ERROR || !run.reopenDueAt || millis(run.reopenDueAt) > now.getTime()) return null;
      const reopenings = run.autoReopenings ?? 0;
      if (run.lastError?.retryable !== true || reopenings >= policy.maxReopenings) {
        tx.update(ref, { reopenDueAt: null });
        return null;
      }
      const dueAt = millis(run.lastError.at) + reopenDelayMs(policy, reopenings);
      if (dueAt > now.getTime()) {
        tx.update(ref, { reopenDueAt: Timestamp.fromMillis(dueAt) });
        return null;
      }
      return reopen(tx, ref, run, { autoReopenings: reopenings + 1 });
    });
    if (message) messages.push(message);
  }
  return messages;
}
