// The worker's lease: taking a run (which hands out the fencing token) and renewing it while the
// attempt runs. A lease only says when another worker may take over; the token decides whose writes count.
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
} from 'firebase-admin/firestore';
import {
  RUN_STATES,
  isSettled,
  type EtlMessage,
  type EtlRunDoc,
  type Phase,
  type RunState,
} from '@trustrails/contracts';
import type { RevisedFrom } from '@trustrails/warehouse';
import { CONTROL_DOC, holderOf, holds, runRef, type Fence } from './collection';
import { logs } from '../../logs';

export type TakeResult =
  | {
      kind: 'run';
      fence: Fence;
      attemptsThisClaim: number;
      resumeAfter: Phase | null;
      /** The revision this claim loads: fixed when the claim was opened, so the fence vouches for it. */
      revision: number;
      /** A reprocess: where and when the previous revision counted the transfer, fixed with the claim too. */
      revisedFrom: RevisedFrom | null;
    }
  | { kind: 'skip'; status: RunState; reason: string }
  | { kind: 'lease-held' }
  | { kind: 'dead-letter'; fence: Fence };

/** Stage 2: take the run with a lease and a new attempt (the fencing token), or say why not. */
export function takeRun(
  db: Firestore,
  message: EtlMessage,
  options: { leaseMs: number; maxAttempts: number },
): Promise<TakeResult> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, message.rolloverId);
    // One request for both: in a transaction the first read begins it, and a second read waits
    // for that reply, so two gets cost two round trips where getAll costs one.
    const [snap, control] = (await tx.getAll(ref as DocumentReference, db.doc(CONTROL_DOC))) as [
      DocumentSnapshot<EtlRunDoc>,
      DocumentSnapshot,
    ];
    const run = snap.data();
    if (!run) return { kind: 'skip', status: RUN_STATES.ERROR, reason: 'no such run' };
    if (message.attempt < run.claim) return { kind: 'skip', status: run.status, reason: 'stale message' };
    if (isSettled(run.status)) {
      tx.update(ref, { ignoredDeliveries: FieldValue.increment(1) });
      return { kind: 'skip', status: run.status, reason: 'terminal or paused' };
    }
    const now = Date.now();
    if (run.status === RUN_STATES.RUNNING && run.leaseExpiresAt && run.leaseExpiresAt.toDate().getTime() > now) {
      return { kind: 'lease-held' };
    }
    // Paused: new runs wait in PENDING; resume re-enqueues them.
    if (control.get('paused') === true && run.status === RUN_STATES.PENDING) {
      return { kind: 'skip', status: run.status, reason: 'etl paused' };
    }
    const attempt = run.attempt + 1;
    const attemptsThisClaim = attempt - run.attemptBase;
    const lease = Timestamp.fromMillis(now + options.leaseMs);
    if (attemptsThisClaim > options.maxAttempts) {
      // Taken to be dead-lettered, under a token of its own: the worker that had it (alive but past
      // its lease) is fenced out from here, so its late renewal or failure cannot land between this
      // decision and the failRun that records it. If this delivery dies first, the lease runs out
      // and the sweeper's redelivery decides again.
      tx.update(ref, {
        status: RUN_STATES.RUNNING,
        attempt,
        leaseExpiresAt: lease,
        updatedAt: FieldValue.serverTimestamp(),
      });
      return { kind: 'dead-letter', fence: { claim: run.claim, attempt } };
    }
    tx.update(ref, {
      status: RUN_STATES.RUNNING,
      attempt,
      leaseExpiresAt: lease,
      startedAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
    return {
      kind: 'run',
      fence: { claim: run.claim, attempt },
      attemptsThisClaim,
      resumeAfter: run.checkpoint?.phase ?? null,
      revision: run.revision ?? 1,
      revisedFrom: revisedFromOf(run),
    };
  });
}

/**
 * The run's revisedFrom as phases 2 and 6 take it; null without one, or when the previous revision
 * finished before runs recorded its completion time (phase 2 then goes by the stored transfer).
 */
function revisedFromOf(run: EtlRunDoc): RevisedFrom | null {
  const from = run.revisedFrom;
  if (!from?.completedAt) return null;
  const { sourceCustodianId, destinationCustodianId } = from;
  return { sourceCustodianId, destinationCustodianId, completedAt: from.completedAt.toDate() };
}

/** Extends the lease if the worker still holds the run; false means another worker has taken it. */
export async function renewLease(db: Firestore, rolloverId: string, fence: Fence, leaseMs: number): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const run = (await tx.get(ref)).data();
    if (!holds(run, fence) || run.status !== RUN_STATES.RUNNING) {
      logs.staleWriteIgnored({ rolloverId, attempt: fence.attempt, write: 'renew', holder: holderOf(run) });
      return false;
    }
    tx.update(ref, { leaseExpiresAt: Timestamp.fromMillis(Date.now() + leaseMs) });
    return true;
  });
}
