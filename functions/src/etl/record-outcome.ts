// Recording what one attempt produced: FINISHED with etl.completed, ERROR with etl.failed, a
// dead letter, PAUSED at a checkpoint after an admin's cancel, or the lease given back for a
// redelivery. Every run write here is fenced, and the run's history (etl_run) is written only after
// the run write was recorded, so a worker that lost its run to another records nothing but a log line.
import type { Firestore } from 'firebase-admin/firestore';
import type { EtlMessage } from '@trustrails/contracts';
import type { EtlWriter, RolloverAggregate } from '@trustrails/warehouse';
import { logs } from '../logs';
import { classifyError } from './errors';
import type { PhasesOutcome } from './run-phases';
import {
  failRun,
  finishRun,
  pauseAtCheckpoint,
  releaseForRetry,
  type Fence,
  type Parties,
  type Recorded,
} from './run-state';

export interface OutcomeDeps {
  db: Firestore;
  warehouse: EtlWriter;
  publishDeadLetter(message: EtlMessage, reason: string): Promise<void>;
  maxAttempts: number;
}

export interface TakenRun {
  message: EtlMessage;
  fence: Fence;
  attemptsThisClaim: number;
}

/** Resolves when the outcome is recorded; rethrows a transient error so the message is redelivered. */
export async function recordOutcome(deps: OutcomeDeps, run: TakenRun, outcome: PhasesOutcome): Promise<void> {
  const { rolloverId } = run.message;
  const { attempt } = run.fence;
  if (outcome.kind === 'stale') return logs.staleWorkerStopped({ rolloverId, attempt, phase: outcome.phase });
  if (outcome.kind === 'cancelled') {
    const checkpoint = outcome.checkpoint;
    if ((await pauseAtCheckpoint(deps.db, rolloverId, run.fence, checkpoint)) === 'recorded')
      logs.runCancelled({ rolloverId, attempt, checkpoint });
    return;
  }

  if (outcome.kind === 'completed') {
    const { completion } = outcome;
    const finished = await finishRun(
      deps.db,
      rolloverId,
      run.fence,
      outcome.phaseRetries,
      completion,
      outcome.completedAt,
    );
    if (finished === 'stale') return;
    logs.runFinished({
      rolloverId,
      attempt,
      ms: completion.processingTimeMs,
      phaseTimingsMs: completion.phaseTimingsMs,
    });
    return recordHistory(deps, outcome, { rolloverId, attempt, status: 'FINISHED', error: null });
  }

  const failure = classifyError(outcome.error);
  const transferId = outcome.rollover?.transferId ?? null;
  const { phase } = outcome;
  if (!failure.retryable) {
    const parties = partiesOf(outcome.rollover);
    const recorded = await failRun(deps.db, rolloverId, run.fence, {
      ...failure,
      transferId,
      attempt,
      phase,
      deadLettered: false,
      ...(parties ? { parties } : {}),
    });
    if (recorded === 'stale') return;
    logs.runFailed({ rolloverId, attempt, phase, ...failure });
    return recordHistory(deps, outcome, { rolloverId, attempt, status: 'ERROR', error: failure.reason });
  }
  if (run.attemptsThisClaim >= deps.maxAttempts) {
    if ((await deadLetter(deps, run.message, run.fence, failure.reason, transferId)) === 'stale') return;
    return recordHistory(deps, outcome, { rolloverId, attempt, status: 'ERROR', error: failure.reason });
  }
  if ((await releaseForRetry(deps.db, rolloverId, run.fence, { ...failure, transferId, attempt, phase })) === 'stale')
    return;
  logs.runRetrying({ rolloverId, attempt, phase, reason: failure.reason });
  await recordHistory(deps, outcome, { rolloverId, attempt, status: 'ERROR', error: failure.reason });
  throw outcome.error;
}

/**
 * The attempt budget is spent: ERROR with etl.failed (retryable, so the sweeper re-opens it later),
 * then the message to the dead-letter topic. The run is marked first, because a stale worker must
 * not dead-letter a run another worker holds; the run document, not the topic, is the record.
 */
export async function deadLetter(
  deps: OutcomeDeps,
  message: EtlMessage,
  fence: Fence,
  reason: string,
  transferId: string | null,
): Promise<Recorded> {
  const recorded = await failRun(deps.db, message.rolloverId, fence, {
    reason: `dead-lettered after ${deps.maxAttempts} attempts: ${reason}`,
    missing: [],
    retryable: true,
    transferId,
    attempt: fence.attempt,
    phase: null,
    deadLettered: true,
  });
  if (recorded === 'stale') return recorded;
  await deps.publishDeadLetter(message, reason);
  logs.runDeadLettered({ rolloverId: message.rolloverId, attempt: fence.attempt, reason });
  return recorded;
}

/** EtlRun history is for people, not for correctness: a failed write is logged, never fatal. */
async function recordHistory(
  deps: OutcomeDeps,
  outcome: PhasesOutcome,
  run: { rolloverId: string; attempt: number; status: string; error: string | null },
): Promise<void> {
  try {
    await deps.warehouse.recordEtlRun({
      ...run,
      phaseTimingsMs: outcome.phaseTimingsMs,
      processingTimeMs: outcome.kind === 'completed' ? outcome.completion.processingTimeMs : null,
      startedAt: outcome.startedAt,
      finishedAt: new Date(),
    });
  } catch (error) {
    logs.historyNotRecorded({ rolloverId: run.rolloverId, attempt: run.attempt, reason: classifyError(error).reason });
  }
}

const partiesOf = (rollover: RolloverAggregate | null): Parties | null =>
  rollover
    ? {
        transferId: rollover.transferId,
        sourceCustodianId: rollover.sourceCustodianId,
        destinationCustodianId: rollover.destinationCustodianId,
      }
    : null;
