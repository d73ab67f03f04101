// The worker's check-in at a phase boundary: in one transaction it reads whether an admin asked
// the run to stop and, if not, records which phase is starting, so the run stream shows a slow
// run's progress. Fenced like every worker write: a worker that lost the run writes nothing.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { Phase } from '@trustrails/contracts';
import { holderOf, holds, runRef, type Fence } from './collection';
import { logs } from '../../logs';

export interface PhaseBoundary {
  /** The phase about to start. */
  phase: Phase;
  completedPhases: Phase[];
  phaseTimingsMs: Record<string, number>;
}

/** Records the boundary on the run; true when the worker holding `fence` has been asked to stop. */
export function checkIn(db: Firestore, rolloverId: string, fence: Fence, boundary: PhaseBoundary): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const ref = runRef(db, rolloverId);
    const run = (await tx.get(ref)).data();
    if (!holds(run, fence)) {
      // The lease keeper notices the loss and the attempt stops at its next boundary.
      logs.staleWriteIgnored({ rolloverId, attempt: fence.attempt, write: 'progress', holder: holderOf(run) });
      return false;
    }
    if (run.cancelRequested === true) return true;
    tx.update(ref, {
      progress: { attempt: fence.attempt, ...boundary, at: FieldValue.serverTimestamp() },
      updatedAt: FieldValue.serverTimestamp(),
    });
    return false;
  });
}
