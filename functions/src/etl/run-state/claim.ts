// Opening runs: stage 1's claim for a rollover.completed event, and re-opening a settled run with
// a new claim generation (a new completion event, an admin retry, or the sweeper's re-open).
import { FieldValue, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { RUN_STATES, type EtlMessage, type EtlRunDoc, type RunState } from '@trustrails/contracts';
import { runRef } from './collection';

export type ClaimResult = { publish: EtlMessage } | { publish: null; status: RunState };

/**
 * A new claim generation with a fresh attempt budget. Messages of older claims are refused by
 * takeRun, and workers of older claims are fenced out. `autoReopenings` counts only the sweeper's.
 */
export function reopen(
  tx: Transaction,
  ref: DocumentReference<EtlRunDoc, EtlRunDoc>,
  run: EtlRunDoc,
  options: { eventId?: string; autoReopenings: number; keepCheckpoint?: boolean },
): EtlMessage {
  const claim = run.claim + 1;
  const eventId = options.eventId ?? run.eventId;
  tx.update(ref, {
    eventId,
    status: RUN_STATES.PENDING,
    claim,
    attemptBase: run.attempt,
    leaseExpiresAt: null,
    deadLettered: false,
    autoReopenings: options.autoReopenings,
    reopenDueAt: null,
    cancelRequested: false,
    // Only a resume goes on from where a cancel stopped; every other re-open runs all phases.
    ...(options.keepCheckpoint ? {} : { checkpoint: null }),
    updatedAt: FieldValue.serverTimestamp(),
  });
  return { rolloverId: run.rolloverId, eventId, attempt: claim };
}

/** Stage 1: create or re-open the run for a rollover.completed event. */
export function claimRun(db: Firestore, rolloverId: string, eventId: string): Promise<ClaimResult> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const run = (await tx.get(ref)).data();
    const now = FieldValue.serverTimestamp();
    if (!run) {
      tx.create(ref, {
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
        createdAt: now,
        updatedAt: now,
        startedAt: null,
        finishedAt: null,
      });
      return { publish: { rolloverId, eventId, attempt: 1 } };
    }
    // A redelivered trigger for a run still waiting: its first publish may have failed, and a second
    // message costs nothing (the worker dedupes), while a lost one would strand the run.
    if (run.status === RUN_STATES.PENDING && run.eventId === eventId) {
      return { publish: { rolloverId, eventId, attempt: run.claim } };
    }
    // A new rollover.completed document (not a redelivery) re-opens a failed run.
    if (run.status === RUN_STATES.ERROR && run.eventId !== eventId) {
      return { publish: reopen(tx, ref, run, { eventId, autoReopenings: 0 }) };
    }
    // Recorded so that operators (and tests) can see duplicates arrive and change nothing.
    tx.update(ref, { duplicateEventIds: FieldValue.arrayUnion(eventId) });
    return { publish: null, status: run.status };
  });
}
