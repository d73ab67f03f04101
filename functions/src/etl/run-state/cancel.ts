// Operator control of a single run beyond retry and pause: cancel a RUNNING run (its worker reads
// the request at the next phase boundary, progress.ts, and leaves it PAUSED at a checkpoint),
// resume a PAUSED run from the phase after its checkpoint, force a run stuck in RUNNING back to
// PENDING, and reprocess a FINISHED run as its next revision. Each is a transaction; a run in any
// other state is left alone and the caller answers 409.
import { FieldValue, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { LANES, RUN_STATES, type EtlRunDoc, type RunState } from '@trustrails/contracts';
import { actionAllowed } from './admin';
import { laneOf, reopen, type Dispatch } from './claim';
import { runRef } from './collection';

/** `publish`: what to send now; a bulk run re-queued for a slot sends nothing (`queued`). */
export type ControlOutcome =
  | { done: true; status: RunState; publish: Dispatch | null; queued: boolean }
  | { done: false; status: RunState }
  | null;

/**
 * One control in a transaction: a missing run is null, a state the action does not start from is
 * refused (the caller answers 409), otherwise `apply` writes and says what to publish.
 */
function control(
  db: Firestore,
  rolloverId: string,
  action: 'cancel' | 'resume' | 'requeue' | 'reprocess',
  apply: (
    tx: Transaction,
    ref: DocumentReference<EtlRunDoc, EtlRunDoc>,
    run: EtlRunDoc,
  ) => { publish: Dispatch | null; queued: boolean },
): Promise<ControlOutcome> {
  const ref = runRef(db, rolloverId);
  return db.runTransaction(async (tx) => {
    const run = (await tx.get(ref)).data();
    if (!run) return null;
    if (!actionAllowed(action, run.status)) return { done: false, status: run.status };
    const { publish, queued } = apply(tx, ref, run);
    return { done: true, status: publish || queued ? RUN_STATES.PENDING : run.status, publish, queued };
  });
}

/** Marks a RUNNING run for cancellation; null when there is no such run. */
export const requestCancel = (db: Firestore, rolloverId: string): Promise<ControlOutcome> =>
  control(db, rolloverId, 'cancel', (tx, ref) => {
    tx.update(ref, { cancelRequested: true, updatedAt: FieldValue.serverTimestamp() });
    return { publish: null, queued: false };
  });

/**
 * Re-opens a PAUSED run keeping its checkpoint, so the worker goes on after it, in the lane it was
 * in: a live run is published at once, a bulk run waits for a slot again (its old one was handed on).
 */
export const resumeFromCheckpoint = (db: Firestore, rolloverId: string): Promise<ControlOutcome> =>
  control(db, rolloverId, 'resume', (tx, ref, run) => {
    const publish = reopen(tx, ref, run, {
      cause: 'admin-resume',
      autoReopenings: run.autoReopenings ?? 0,
      keepCheckpoint: true,
      lane: laneOf(run),
    });
    return { publish, queued: publish === null };
  });

/**
 * A RUNNING run back to PENDING with a new claim, whether or not its lease has run out: the stuck
 * worker is fenced out (its writes become no-ops) and a new delivery takes the run. A bulk run
 * keeps its slot and is published on the bulk topic at once: it was already one of those in flight.
 */
export const forcePending = (db: Firestore, rolloverId: string): Promise<ControlOutcome> =>
  control(db, rolloverId, 'requeue', (tx, ref, run) => {
    const publish = reopen(tx, ref, run, {
      cause: 'admin-requeue',
      autoReopenings: run.autoReopenings ?? 0,
      lane: 'keep',
    });
    return { publish, queued: publish === null };
  });

/**
 * A FINISHED run re-opened to load its events again as its next revision (a correction, or an ETL
 * fix), with a new claim (so every message and worker of the finished claim stays fenced out) and
 * a fresh attempt budget. Into the bulk lane, like every other admin re-opening: a reprocess is
 * never more urgent than a live completion, and a backfill may reprocess a whole range.
 */
export const reopenForReprocess = (db: Firestore, rolloverId: string): Promise<ControlOutcome> =>
  control(db, rolloverId, 'reprocess', (tx, ref, run) => {
    const publish = reopen(tx, ref, run, {
      cause: 'admin-reprocess',
      autoReopenings: 0,
      lane: LANES.BULK,
      nextRevision: true,
    });
    return { publish, queued: publish === null };
  });
