// The etlRuns/{rolloverId} state machine. Every transition runs in a Firestore transaction that
// re-reads the document and returns early on states it must not touch (STYLE habit 3).
import { FieldValue, Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';
import {
  ETL_EVENT_SOURCE,
  ETL_SYSTEM_USER,
  RUN_STATES,
  etlCompletedEventId,
  type EtlMessage,
  type RunState,
} from '@trustrails/contracts';
import type { ClassifiedError } from './errors';

export const RUNS = 'etlRuns';
export const CONTROL_DOC = 'etlControl/state';

interface RunDoc {
  status: RunState;
  eventId: string;
  claim: number;
  attempt: number;
  attemptBase: number;
  leaseExpiresAt: Timestamp | null;
}

const runRef = (db: Firestore, rolloverId: string) => db.collection(RUNS).doc(rolloverId);

export type ClaimResult = { publish: EtlMessage } | { publish: null; status: RunState };

/** Stage 1: create or re-open the run for a rollover.completed event. */
export function claimRun(db: Firestore, rolloverId: string, eventId: string): Promise<ClaimResult> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const snap = await tx.get(ref);
    const run = snap.data() as RunDoc | undefined;
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
      const claim = run.claim + 1;
      tx.update(ref, {
        eventId,
        status: RUN_STATES.PENDING,
        claim,
        attemptBase: run.attempt,
        leaseExpiresAt: null,
        deadLettered: false,
        updatedAt: now,
      });
      return { publish: { rolloverId, eventId, attempt: claim } };
    }
    // Recorded so that operators (and tests) can see duplicates arrive and change nothing.
    tx.update(ref, { duplicateEventIds: FieldValue.arrayUnion(eventId) });
    return { publish: null, status: run.status };
  });
}

export type TakeResult =
  | { kind: 'run'; attempt: number; attemptsThisClaim: number }
  | { kind: 'skip'; status: RunState; reason: string }
  | { kind: 'lease-held' }
  | { kind: 'dead-letter'; attempt: number };

/** Stage 2: take the run with a lease, or say why not. */
export function takeRun(
  db: Firestore,
  message: EtlMessage,
  options: { leaseMs: number; maxAttempts: number },
): Promise<TakeResult> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, message.rolloverId);
    const [snap, control] = await Promise.all([tx.get(ref), tx.get(db.doc(CONTROL_DOC))]);
    const run = snap.data() as RunDoc | undefined;
    if (!run) return { kind: 'skip', status: RUN_STATES.ERROR, reason: 'no such run' };
    if (message.attempt < run.claim) return { kind: 'skip', status: run.status, reason: 'stale message' };
    if (run.status === RUN_STATES.FINISHED || run.status === RUN_STATES.ERROR || run.status === RUN_STATES.PAUSED) {
      tx.update(ref, { ignoredDeliveries: FieldValue.increment(1) });
      return { kind: 'skip', status: run.status, reason: 'terminal or paused' };
    }
    const now = Date.now();
    if (run.status === RUN_STATES.RUNNING && run.leaseExpiresAt && run.leaseExpiresAt.toMillis() > now) {
      return { kind: 'lease-held' };
    }
    // Paused: new runs wait in PENDING; resume re-enqueues them.
    if (control.get('paused') === true && run.status === RUN_STATES.PENDING) {
      return { kind: 'skip', status: run.status, reason: 'etl paused' };
    }
    const attempt = run.attempt + 1;
    const attemptsThisClaim = attempt - run.attemptBase;
    if (attemptsThisClaim > options.maxAttempts) return { kind: 'dead-letter', attempt: run.attempt };
    tx.update(ref, {
      status: RUN_STATES.RUNNING,
      attempt,
      leaseExpiresAt: Timestamp.fromMillis(now + options.leaseMs),
      startedAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
    return { kind: 'run', attempt, attemptsThisClaim };
  });
}

/** Who a run concerns, once extract has read it: the monitor and the streams route by it. */
export interface Parties {
  transferId: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
}

export interface Completion {
  transferId: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
  tablesPopulated: string[];
  processingTimeMs: number;
  phaseTimingsMs: Record<string, number>;
  etlVersion: string;
}

/** Writes events/etl-completed-{rolloverId} at most once, and marks the run FINISHED with it. */
export function finishRun(
  db: Firestore,
  rolloverId: string,
  phaseRetries: Record<string, number>,
  completion: Completion,
): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const eventRef = db.collection('events').doc(etlCompletedEventId(rolloverId));
    const existing = await tx.get(eventRef);
    const now = FieldValue.serverTimestamp();
    if (!existing.exists) {
      tx.create(eventRef, {
        eventType: 'etl.completed',
        rolloverId,
        userId: ETL_SYSTEM_USER,
        timestamp: now,
        eventData: completion,
        source: ETL_EVENT_SOURCE,
      });
    }
    tx.update(runRef(db, rolloverId), {
      transferId: completion.transferId,
      sourceCustodianId: completion.sourceCustodianId,
      destinationCustodianId: completion.destinationCustodianId,
      status: RUN_STATES.FINISHED,
      leaseExpiresAt: null,
      phaseTimingsMs: completion.phaseTimingsMs,
      phaseRetries,
      processingTimeMs: completion.processingTimeMs,
      lastError: null,
      finishedAt: now,
      updatedAt: now,
    });
    return !existing.exists;
  });
}

function writeFailedEvent(
  tx: Transaction,
  db: Firestore,
  rolloverId: string,
  failure: ClassifiedError & { transferId: string | null; attempt: number },
): void {
  const eventRef = db.collection('events').doc(`etl-failed-${rolloverId}-${failure.attempt}`);
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
  });
}

/** A permanent failure, or the last transient one: ERROR plus one etl.failed event. */
export function failRun(
  db: Firestore,
  rolloverId: string,
  failure: ClassifiedError & {
    transferId: string | null;
    attempt: number;
    phase: string | null;
    deadLettered: boolean;
    parties?: Parties;
  },
): Promise<void> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const snap = await tx.get(ref);
    if (snap.get('status') === RUN_STATES.FINISHED) return;
    writeFailedEvent(tx, db, rolloverId, failure);
    tx.update(ref, {
      ...failure.parties,
      status: RUN_STATES.ERROR,
      leaseExpiresAt: null,
      deadLettered: failure.deadLettered,
      lastError: {
        reason: failure.reason,
        missing: failure.missing,
        retryable: failure.retryable,
        phase: failure.phase,
        at: Timestamp.now(),
      },
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
}

/** A transient failure: give the lease back so the redelivery can take the run at once. */
export const releaseForRetry = (
  db: Firestore,
  rolloverId: string,
  failure: ClassifiedError & { phase: string | null },
) =>
  runRef(db, rolloverId).update({
    leaseExpiresAt: Timestamp.fromMillis(0),
    lastError: { ...failure, at: Timestamp.now() },
    updatedAt: FieldValue.serverTimestamp(),
  });
