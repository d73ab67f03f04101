// Opening runs: stage 1's claim for a rollover.completed event, and re-opening a settled run with
// a new claim generation (a new completion event, an admin retry, or the sweeper's re-open).
import {
  FieldValue,
  GrpcStatus,
  type DocumentReference,
  type Firestore,
  type Timestamp,
  type Transaction,
} from 'firebase-admin/firestore';
import {
  LANES,
  RUN_STATES,
  type EtlMessage,
  type EtlRunDoc,
  type Lane,
  type ReopenCause,
  type RunState,
} from '@trustrails/contracts';
import { keptAgain } from '../../retention';
import { runRef } from './collection';

/**
 * `publish`: the message to send on the live topic. `queued`: the run waits in the bulk lane for
 * the dispatcher (bulk-lane.ts), so nothing is published now.
 */
export type ClaimResult = { publish: EtlMessage } | { publish: null; status: RunState; queued?: boolean };

/** A message to send, and the lane whose topic it goes on. */
export interface Dispatch {
  message: EtlMessage;
  lane: Lane;
}

/**
 * Where a (re-)opened run waits. Live: dispatched at once, its message published by the caller.
 * Bulk: undispatched at the back of the bulk queue, until the dispatcher gives it a slot.
 */
export function laneFields(lane: Lane) {
  return lane === LANES.LIVE
    ? { lane, dispatched: true, bulkSlot: null, queuedAt: null }
    : { lane, dispatched: false, bulkSlot: null, queuedAt: FieldValue.serverTimestamp() };
}

/**
 * A run as its first claim writes it: PENDING, claim 1, nothing known yet. `at` stamps its
 * creation (the server's time unless given: benches and tests write runs of the past).
 */
export function newRunDoc(
  rolloverId: string,
  eventId: string,
  lane: Lane,
  at: Timestamp | FieldValue = FieldValue.serverTimestamp(),
) {
  return {
    rolloverId,
    eventId,
    status: RUN_STATES.PENDING,
    claim: 1,
    attempt: 0,
    attemptBase: 0,
    transferId: null,
    sourceCustodianId: null,
    destinationCustodianId: null,
    leaseExpiresAt: null,
    phaseTimingsMs: {},
    phaseRetries: {},
    processingTimeMs: null,
    lastError: null,
    deadLettered: false,
    createdAt: at,
    updatedAt: at,
    pendingSince: at,
    reopenedBy: null,
    startedAt: null,
    finishedAt: null,
    ...laneFields(lane),
    queuedAt: lane === LANES.BULK ? at : null,
  };
}

/** Absent lane fields mean a live run (written before lanes existed). */
export const laneOf = (run: Pick<EtlRunDoc, 'lane'>): Lane => run.lane ?? LANES.LIVE;
/** A bulk run still queued for a slot: PENDING and not dispatched. A RUNNING run is past waiting. */
export const waitsForDispatch = (run: Pick<EtlRunDoc, 'lane' | 'dispatched' | 'status'>): boolean =>
  laneOf(run) === LANES.BULK && run.dispatched === false && run.status === RUN_STATES.PENDING;

/**
 * A new claim generation with a fresh attempt budget. Messages of older claims are refused by
 * takeRun, and workers of older claims are fenced out. `autoReopenings` counts only the sweeper's.
 * `cause` is recorded on the run: when the run finishes, its open dead letters are resolved as
 * healed by it. Returns the message to publish on the run's lane, or null when it waits for a bulk slot.
 */
export function reopen(
  tx: Transaction,
  ref: DocumentReference<EtlRunDoc, EtlRunDoc>,
  run: EtlRunDoc,
  options: {
    eventId?: string;
    cause: ReopenCause;
    autoReopenings: number;
    keepCheckpoint?: boolean;
    /** The lane it waits in; 'keep' leaves a dispatched bulk run in its slot (an admin's requeue). */
    lane: Lane | 'keep';
    /** A reprocess: the run loads its next revision, and remembers whom the last one counted for. */
    nextRevision?: boolean;
  },
): Dispatch | null {
  const claim = run.claim + 1;
  const eventId = options.eventId ?? run.eventId;
  tx.update(ref, {
    eventId,
    status: RUN_STATES.PENDING,
    // Every transition into PENDING sets it: the pending-age alert measures the wait from here.
    pendingSince: FieldValue.serverTimestamp(),
    reopenedBy: options.cause,
    claim,
    attemptBase: run.attempt,
    leaseExpiresAt: null,
    deadLettered: false,
    autoReopenings: options.autoReopenings,
    reopenDueAt: null,
    cancelRequested: false,
    // A re-opened run is no longer FINISHED, so no longer expirable: only its next finish dates it again.
    ...keptAgain(),
    // Only a resume goes on from where a cancel stopped; every other re-open runs all phases.
    ...(options.keepCheckpoint ? {} : { checkpoint: null }),
    ...(options.lane === 'keep' ? {} : laneFields(options.lane)),
    ...(options.nextRevision ? nextRevision(run) : {}),
    updatedAt: FieldValue.serverTimestamp(),
  });
  const message = { rolloverId: run.rolloverId, eventId, attempt: claim };
  const lane = options.lane === 'keep' ? laneOf(run) : options.lane;
  if (lane === LANES.BULK && (options.lane !== 'keep' || run.dispatched === false)) return null;
  return { message, lane };
}

/**
 * A reprocess of a FINISHED run: the revision it loads next (each finishes with its own
 * etl.completed), and where and when the finished revision counted the transfer: its custodians,
 * which the new signal names too, so a custodian that a correction takes the transfer from
 * refreshes its cards, and its completion time. Phase 2 rebuilds those windows from this record on
 * every attempt and phase 6 verifies them, whatever the transfer row says by then.
 */
function nextRevision(run: EtlRunDoc): Pick<EtlRunDoc, 'revision' | 'revisedFrom'> {
  const { sourceCustodianId, destinationCustodianId } = run;
  return {
    revision: (run.revision ?? 1) + 1,
    revisedFrom:
      sourceCustodianId && destinationCustodianId
        ? { sourceCustodianId, destinationCustodianId, completedAt: run.transferCompletedAt ?? null }
        : null,
  };
}

/**
 * Stage 1: create or re-open the run for a rollover.completed event. A live claim (the trigger, a
 * missed trigger) is published at once; a bulk claim (a backfill) waits for the bulk dispatcher.
 * A new run, the common case, is opened by one precondition write (`create()` fails if the run
 * exists), a single round trip where a transaction takes three; only when it exists does the claim
 * read it in a transaction, to redeliver, re-open or record a duplicate.
 */
export async function claimRun(
  db: Firestore,
  rolloverId: string,
  eventId: string,
  lane: Lane = LANES.LIVE,
): Promise<ClaimResult> {
  try {
    await runRef(db, rolloverId).create(newRunDoc(rolloverId, eventId, lane));
    return opened(rolloverId, eventId, lane);
  } catch (error) {
    if ((error as { code?: unknown }).code !== GrpcStatus.ALREADY_EXISTS) throw error;
  }
  return claimExistingRun(db, rolloverId, eventId, lane);
}

/** What a claim that created the run returns: claim 1 to publish, or a place in the bulk queue. */
function opened(rolloverId: string, eventId: string, lane: Lane): ClaimResult {
  if (lane === LANES.BULK) return { publish: null, status: RUN_STATES.PENDING, queued: true };
  return { publish: { rolloverId, eventId, attempt: 1 } };
}

/** A claim of a run that exists (a redelivery, a new completion, a duplicate), decided on what the run holds. */
function claimExistingRun(db: Firestore, rolloverId: string, eventId: string, lane: Lane): Promise<ClaimResult> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const run = (await tx.get(ref)).data();
    // Deleted between the create() and this read (retention): opened afresh, in this transaction.
    if (!run) {
      tx.create(ref, newRunDoc(rolloverId, eventId, lane));
      return opened(rolloverId, eventId, lane);
    }
    // A redelivered trigger for a run still waiting: its first publish may have failed, and a second
    // message costs nothing (the worker dedupes), while a lost one would strand the run.
    // A bulk run waiting for its slot is left to the dispatcher: a second message would jump the lane.
    if (run.status === RUN_STATES.PENDING && run.eventId === eventId && !waitsForDispatch(run)) {
      return { publish: { rolloverId, eventId, attempt: run.claim } };
    }
    // A new rollover.completed document (not a redelivery) re-opens a failed run.
    if (run.status === RUN_STATES.ERROR && run.eventId !== eventId) {
      const dispatch = reopen(tx, ref, run, { eventId, cause: 'new-completion', autoReopenings: 0, lane });
      return dispatch ? { publish: dispatch.message } : { publish: null, status: RUN_STATES.PENDING, queued: true };
    }
    // Recorded so that operators (and tests) can see duplicates arrive and change nothing.
    tx.update(ref, { duplicateEventIds: FieldValue.arrayUnion(eventId) });
    return { publish: null, status: run.status };
  });
}
