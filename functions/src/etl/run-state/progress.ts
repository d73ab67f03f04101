// The worker's check at a phase boundary, before any warehouse write of the next phase: is the run
// still its own, and has an admin asked it to stop? A check-in (a transaction) also records which
// phase is starting, so the run stream shows a slow run's progress; between check-ins a plain read
// confirms the fence without writing. A worker that lost the run writes nothing and stops.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { EtlRunDoc, Phase } from '@trustrails/contracts';
import { holderOf, holds, runRef, type Fence } from './collection';
import { logs } from '../../logs';

export interface PhaseBoundary {
  /** The phase about to start. */
  phase: Phase;
  completedPhases: Phase[];
  phaseTimingsMs: Record<string, number>;
}

/** What the worker does next: go on, stop at a checkpoint for an admin, or stop as a stale worker. */
export type BoundaryVerdict = 'continue' | 'cancelled' | 'stale';

function verdictOf(run: EtlRunDoc | undefined, rolloverId: string, fence: Fence): BoundaryVerdict {
  if (!holds(run, fence)) {
    logs.staleWriteIgnored({ rolloverId, attempt: fence.attempt, write: 'progress', holder: holderOf(run) });
    return 'stale';
  }
  return run.cancelRequested === true ? 'cancelled' : 'continue';
}

/** Records the boundary on the run, while the worker holding `fence` still holds it and may go on. */
export function checkIn(
  db: Firestore,
  rolloverId: string,
  fence: Fence,
  boundary: PhaseBoundary,
): Promise<BoundaryVerdict> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const verdict = verdictOf((await tx.get(ref)).data(), rolloverId, fence);
    if (verdict !== 'continue') return verdict;
    tx.update(ref, {
      progress: { attempt: fence.attempt, ...boundary, at: FieldValue.serverTimestamp() },
      updatedAt: FieldValue.serverTimestamp(),
    });
    return verdict;
  });
}

/**
 * Whether the worker still holds the run, from one read, writing nothing: the fence is confirmed
 * before every phase that writes to the warehouse, since a renewal (every quarter lease) learns of
 * a takeover too late. A cancel keeps the check-in's cadence, so it is not read here.
 */
export async function confirmFence(db: Firestore, rolloverId: string, fence: Fence): Promise<BoundaryVerdict> {
  const verdict = verdictOf((await runRef(db, rolloverId).get()).data(), rolloverId, fence);
  return verdict === 'stale' ? 'stale' : 'continue';
}
