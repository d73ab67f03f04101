// Running the six phases of one attempt, and nothing else: each phase retried in-delivery on
// transient faults and timed, the lease kept on a timer for the whole attempt (lease-keeper.ts),
// and an admin's cancel or a lost lease honoured between phases, where a slow run also reports its
// progress. What the attempt produced is returned for record-outcome.ts to write; this file never
// writes the run's state itself.
import type { Firestore } from 'firebase-admin/firestore';
import { PHASES, type Phase } from '@trustrails/contracts';
import type { EtlVerifier, EtlWriter, RevisedFrom, RolloverAggregate } from '@trustrails/warehouse';
import { ETL_VERSION, LEASE_RENEW_FRACTION } from '../config';
import { logs } from '../logs';
import { CancelledRunError, StaleRunError, classifyError } from './errors';
import { maybeInjectFault } from './fault-injection';
import { keepLease } from './lease-keeper';
import { PHASE_RETRY, retryTransient, type RetryPolicy } from './retry';
import { checkIn, confirmFence, renewLease, type BoundaryVerdict, type Completion, type Fence } from './run-state';
import { analytics } from './phases/analytics';
import { chain } from './phases/chain';
import { core } from './phases/core';
import { extract } from './phases/extract';
import { status } from './phases/status';
import { verify } from './phases/verify';

export interface PhaseDeps {
  db: Firestore;
  warehouse: EtlWriter & EtlVerifier;
  leaseMs: number;
  /**
   * How often the lease is renewed while the attempt runs: a quarter of it by default. Tests set
   * it past the lease to play a worker whose renewals do not arrive (stalled, or cut off).
   */
  renewEveryMs?: number;
  retry?: RetryPolicy;
  /**
   * Between phases, at most this often, the worker records the phase it is starting (the run's
   * progress) in a transaction and honours a cancel; other boundaries confirm the fence with a read.
   */
  cancelCheckMs?: number;
}

export interface Attempt {
  rolloverId: string;
  fence: Fence;
  /** A resumed run's checkpoint: the phases up to it are done (extract and verify always run). */
  resumeAfter?: Phase | null;
  /** The revision the run loads (1 unless an admin reprocessed it); later ones say so in the signal. */
  revision?: number;
  /** A reprocess: where and when the previous revision counted the transfer (phases 2 and 6 take it out of there). */
  revisedFrom?: RevisedFrom | null;
}

/**
 * A fast run never pays for the check-in's write; a slow one (the kind worth watching or
 * cancelling) shows its phase.
 */
const CANCEL_CHECK_MS = 1_000;
const laterOf = (a: Phase | null, b: Phase): Phase => (a !== null && PHASES.indexOf(a) > PHASES.indexOf(b) ? a : b);

interface Progress {
  phaseTimingsMs: Record<string, number>;
  phaseRetries: Record<string, number>;
  startedAt: Date;
}

export type PhasesOutcome =
  | (Progress & { kind: 'completed'; completion: Completion; completedAt: Date })
  | (Progress & { kind: 'failed'; error: unknown; phase: Phase | null; rollover: RolloverAggregate | null })
  | (Progress & { kind: 'stale'; phase: Phase | null })
  | (Progress & { kind: 'cancelled'; checkpoint: Phase | null });

/** Whether a resumed run finished a phase before (extract and verify always run again). */
const doneBefore =
  (resumeAfter: Phase | null) =>
  (name: Phase): boolean =>
    resumeAfter !== null &&
    name !== 'extract' &&
    name !== 'verify' &&
    PHASES.indexOf(name) <= PHASES.indexOf(resumeAfter);

/** The etl.completed payload of a verified attempt. */
function completionOf(
  r: RolloverAggregate,
  verified: Awaited<ReturnType<typeof verify>>,
  progress: Progress,
  revision: number | undefined,
): Completion {
  return {
    transferId: r.transferId,
    sourceCustodianId: r.sourceCustodianId,
    destinationCustodianId: r.destinationCustodianId,
    ...verified,
    processingTimeMs: Date.now() - progress.startedAt.getTime(),
    phaseTimingsMs: progress.phaseTimingsMs,
    etlVersion: ETL_VERSION,
    // The first signal of a rollover keeps exactly the shape it always had.
    ...(revision && revision > 1 ? { revision } : {}),
  };
}

/**
 * Renewing costs a transaction, so only once a quarter of the lease has passed: a fast run never
 * renews, a slow one (even one slow phase) keeps its run, and a taken-over one stops at the next
 * boundary.
 */
const keepRunLease = (deps: PhaseDeps, rolloverId: string, fence: Fence) =>
  keepLease(
    () => renewLease(deps.db, rolloverId, fence, deps.leaseMs),
    deps.renewEveryMs ?? deps.leaseMs * LEASE_RENEW_FRACTION,
    (error) => logs.leaseRenewalFailed({ rolloverId, attempt: fence.attempt, reason: classifyError(error).reason }),
  );

export async function runPhases(deps: PhaseDeps, run: Attempt): Promise<PhasesOutcome> {
  const { rolloverId, fence } = run;
  const attempt = fence.attempt;
  const progress: Progress = { phaseTimingsMs: {}, phaseRetries: {}, startedAt: new Date() };
  let phase: Phase | null = null;
  let rollover: RolloverAggregate | null = null;
  let checkedAt = performance.now();
  const resumeAfter = run.resumeAfter ?? null;
  // The last phase done, by this attempt or, for a resumed run, before it.
  let completed: Phase | null = resumeAfter;
  const done = doneBefore(resumeAfter);

  const lease = keepRunLease(deps, rolloverId, fence);

  const boundaryVerdict = (name: Phase): Promise<BoundaryVerdict> => {
    if (performance.now() - checkedAt < (deps.cancelCheckMs ?? CANCEL_CHECK_MS))
      return confirmFence(deps.db, rolloverId, fence);
    checkedAt = performance.now();
    return checkIn(deps.db, rolloverId, fence, {
      phase: name,
      completedPhases: PHASES.filter((p) => p in progress.phaseTimingsMs || done(p)),
      phaseTimingsMs: { ...progress.phaseTimingsMs },
    });
  };

  const timed = async <T>(name: Phase, work: () => Promise<T>): Promise<T> => {
    if (lease.lost()) throw new StaleRunError(rolloverId, attempt);
    // Every phase after extract writes to the warehouse: the fence is confirmed before each one,
    // by the progress check-in when one is due, else by a read.
    if (name !== 'extract') {
      const verdict = await boundaryVerdict(name);
      if (verdict === 'stale') throw new StaleRunError(rolloverId, attempt);
      if (verdict === 'cancelled') throw new CancelledRunError(rolloverId, completed);
    }
    phase = name;
    const t0 = performance.now();
    const result = await retryTransient(
      async () => {
        await maybeInjectFault(deps.db, rolloverId, name);
        return work();
      },
      deps.retry ?? PHASE_RETRY,
      (error, retry) => {
        progress.phaseRetries[name] = retry;
        logs.phaseRetrying({ rolloverId, attempt, phase: name, retry, reason: classifyError(error).reason });
      },
    );
    const ms = Math.round((performance.now() - t0) * 100) / 100;
    progress.phaseTimingsMs[name] = ms;
    completed = laterOf(completed, name);
    logs.phaseCompleted({ rolloverId, phase: name, ms, attempt });
    return result;
  };

  try {
    const r = (rollover = await timed('extract', () => extract(deps.db, rolloverId)));
    // A resumed run skips what it finished before it was cancelled.
    const revisedFrom = run.revisedFrom ?? null;
    if (!done('core')) await timed('core', () => core(deps.warehouse, r, revisedFrom));
    if (!done('chain')) await timed('chain', () => chain(deps.warehouse, r));
    if (!done('status')) await timed('status', () => status(deps.warehouse, r, attempt));
    if (!done('analytics')) await timed('analytics', () => analytics(deps.warehouse, r));
    const verified = await timed('verify', () => verify(deps.warehouse, r, revisedFrom));
    const completion = completionOf(r, verified, progress, run.revision);
    // The completion time this revision counted, for the run to record (a later reprocess's revisedFrom).
    return { ...progress, kind: 'completed', completion, completedAt: r.completedAt };
  } catch (error) {
    if (error instanceof StaleRunError) return { ...progress, kind: 'stale', phase };
    if (error instanceof CancelledRunError) return { ...progress, kind: 'cancelled', checkpoint: error.completed };
    return { ...progress, kind: 'failed', error, phase, rollover };
  } finally {
    await lease.stop();
  }
}
