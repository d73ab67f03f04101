// What a worker records at the end of its attempt: FINISHED with etl.completed, ERROR with
// etl.failed, or the lease given back for a retry. Each write is fenced: it happens only if the
// worker still holds the run's current claim and attempt, else it is a logged no-op, so a stale
// worker can neither clear a live worker's lease nor announce anything about the run.
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  ETL_EVENT_SOURCE,
  ETL_SYSTEM_USER,
  RUN_STATES,
  etlCompletedEventId,
  type EtlCompletedData,
  type Phase,
  type EtlRunDoc,
} from '@trustrails/contracts';
import type { z } from 'zod';
import { logs } from '../../logs';
import { expiresAfter } from '../../retention';
import { openLetters, resolveLetters } from '../../dead-letters/resolve';
import type { ClassifiedError } from '../errors';
import { holderOf, holds, runRef, type Fence } from './collection';

/** Who a run concerns, once extract has read it: the monitor and the streams route by it. */
export interface Parties {
  transferId: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
}

export type Completion = z.infer<typeof EtlCompletedData>;

/** 'stale' when another worker holds the run: nothing was written. */
export type Recorded = 'recorded' | 'stale';

/**
 * Runs `write` only while `fence` holds the run; otherwise logs the refused write. `alsoRead` are
 * read alongside the run, before any write (a transaction may not read after it has written); the
 * run is read through its converter, so it arrives parsed as EtlRunDoc.
 */
function fenced(
  db: Firestore,
  rolloverId: string,
  fence: Fence,
  write: 'finish' | 'fail' | 'release' | 'cancel',
  apply: (tx: Transaction, run: EtlRunDoc, alsoRead: DocumentSnapshot[]) => void | Promise<void>,
  alsoRead: DocumentReference[] = [],
): Promise<Recorded> {
  return db.runTransaction(async (tx) => {
    // One request for all of them (as takeRun does): in a transaction the first get begins it and
    // the others wait for its reply, so parallel gets still cost a round trip each.
    const [runSnap, ...others] = (await tx.getAll(runRef(db, rolloverId) as DocumentReference, ...alsoRead)) as [
      DocumentSnapshot<EtlRunDoc>,
      ...DocumentSnapshot[],
    ];
    const run = runSnap.data();
    if (!holds(run, fence)) {
      logs.staleWriteIgnored({ rolloverId, attempt: fence.attempt, write, holder: holderOf(run) });
      return 'stale';
    }
    await apply(tx, run, others);
    return 'recorded';
  });
}

/**
 * Writes the etl.completed of the run's revision (events/etl-completed-{rolloverId} for the first)
 * at most once, and marks the run FINISHED with it. The revision comes with the fence (takeRun read
 * it under the same claim), so a worker holding the fence announces its own revision and no other.
 * The run's open dead letters are resolved in the same transaction, as healed by whatever re-opened
 * it: every path to FINISHED comes through here, so no letter outlives its run's recovery.
 */
export async function finishRun(
  db: Firestore,
  rolloverId: string,
  fence: Fence,
  phaseRetries: Record<string, number>,
  completion: Completion,
  /** When the transfer completed, as this revision counted it: a later reprocess records it in revisedFrom. */
  transferCompletedAt: Date,
): Promise<Recorded> {
  const eventRef = db.collection(COLLECTIONS.events).doc(etlCompletedEventId(rolloverId, completion.revision ?? 1));
  let healed: { messageIds: string[]; by: string } = { messageIds: [], by: '' };
  const recorded = await fenced(
    db,
    rolloverId,
    fence,
    'finish',
    async (tx, run, [existing]) => {
      const letters = await openLetters(tx, db, run.deadLetterIds ?? []);
      const by = run.reopenedBy ?? 'unknown';
      resolveLetters(tx, letters, 'run-finished', by);
      healed = { messageIds: letters.map((ref) => ref.id), by };
      const now = FieldValue.serverTimestamp();
      if (!existing!.exists) {
        tx.create(eventRef, {
          eventType: 'etl.completed',
          rolloverId,
          userId: ETL_SYSTEM_USER,
          timestamp: now,
          eventData: withRevisedCustodians(completion, run),
          source: ETL_EVENT_SOURCE,
        });
      }
      tx.update(runRef(db, rolloverId), {
        transferId: completion.transferId,
        sourceCustodianId: completion.sourceCustodianId,
        destinationCustodianId: completion.destinationCustodianId,
        transferCompletedAt: Timestamp.fromDate(transferCompletedAt),
        status: RUN_STATES.FINISHED,
        leaseExpiresAt: null,
        phaseTimingsMs: completion.phaseTimingsMs,
        phaseRetries,
        processingTimeMs: completion.processingTimeMs,
        lastError: null,
        finishedAt: now,
        updatedAt: now,
        ...expiresAfter('run'),
      });
    },
    [eventRef],
  );
  if (recorded === 'recorded' && healed.messageIds.length > 0)
    logs.deadLettersResolved({ rolloverId, ...healed, resolution: 'run-finished' });
  return recorded;
}

/**
 * A revision names every custodian whose cards it changed: the ones it counts the transfer for now
 * and the ones the previous revision counted it for (a corrected custodian loses it).
 */
function withRevisedCustodians(completion: Completion, run: EtlRunDoc): Completion {
  if (!completion.revision || !run.revisedFrom) return completion;
  const { sourceCustodianId, destinationCustodianId } = run.revisedFrom;
  return {
    ...completion,
    custodianIds: [...new Set([...completion.custodianIds, sourceCustodianId, destinationCustodianId])],
  };
}

export type Failure = ClassifiedError & { transferId: string | null; attempt: number; phase: string | null };

function writeFailedEvent(tx: Transaction, db: Firestore, rolloverId: string, failure: Failure): void {
  const eventRef = db.collection(COLLECTIONS.events).doc(`etl-failed-${rolloverId}-${failure.attempt}`);
  tx.set(eventRef, {
    eventType: 'etl.failed',
    rolloverId,
    userId: ETL_SYSTEM_USER,
    timestamp: FieldValue.serverTimestamp(),
    eventData: {
      ...(failure.transferId ? { transferId: failure.transferId } : {}),
      reason: failure.reason,
      missing: failure.missing,
      retryable: failure.retryable,
      attempt: failure.attempt,
    },
    source: ETL_EVENT_SOURCE,
    ...expiresAfter('failedEvent'),
  });
}

const runError = (failure: Failure, at = Timestamp.now()) => ({
  reason: failure.reason,
  missing: failure.missing,
  retryable: failure.retryable,
  phase: failure.phase,
  at,
});

/**
 * A permanent failure, or the last transient one: ERROR plus one etl.failed event. A retryable
 * failure is due for the sweeper's re-open from now; the sweeper, which owns the backoff policy,
 * moves that on to the end of the backoff or clears it when the run's re-openings are used up.
 */
export function failRun(
  db: Firestore,
  rolloverId: string,
  fence: Fence,
  failure: Failure & { deadLettered: boolean; parties?: Parties },
): Promise<Recorded> {
  return fenced(db, rolloverId, fence, 'fail', (tx) => {
    const at = Timestamp.now();
    writeFailedEvent(tx, db, rolloverId, failure);
    tx.update(runRef(db, rolloverId), {
      ...failure.parties,
      status: RUN_STATES.ERROR,
      leaseExpiresAt: null,
      deadLettered: failure.deadLettered,
      lastError: runError(failure, at),
      reopenDueAt: failure.retryable ? at : null,
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
}

/** A transient failure: give the lease back so the redelivery can take the run at once. */
export function releaseForRetry(db: Firestore, rolloverId: string, fence: Fence, failure: Failure): Promise<Recorded> {
  return fenced(db, rolloverId, fence, 'release', (tx) => {
    tx.update(runRef(db, rolloverId), {
      leaseExpiresAt: Timestamp.fromMillis(0),
      lastError: runError(failure),
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
}

/**
 * An admin's cancel, honoured between phases: PAUSED, with the last phase this attempt completed
 * as the checkpoint a resume goes on from. No etl.failed: nothing went wrong.
 */
export function pauseAtCheckpoint(
  db: Firestore,
  rolloverId: string,
  fence: Fence,
  phase: Phase | null,
): Promise<Recorded> {
  return fenced(db, rolloverId, fence, 'cancel', (tx) => {
    tx.update(runRef(db, rolloverId), {
      status: RUN_STATES.PAUSED,
      cancelRequested: false,
      checkpoint: { phase, at: Timestamp.now() },
      leaseExpiresAt: null,
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
}
