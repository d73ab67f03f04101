// Stage 2: the master ETL orchestrator. Takes the run with a lease, runs the six phases, and
// either announces etl.completed (after verification) or records why it could not.
import type { Firestore } from 'firebase-admin/firestore';
import { EtlMessage, type Phase } from '@trustrails/contracts';
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';
import { ETL_VERSION } from '../config';
import { logs } from '../logs';
import { LeaseHeldError, classifyError } from './errors';
import { maybeInjectFault } from './fault-injection';
import { PHASE_RETRY, retryTransient, type RetryPolicy } from './retry';
import { analytics } from './phases/analytics';
import { chain } from './phases/chain';
import { core } from './phases/core';
import { extract } from './phases/extract';
import { status } from './phases/status';
import { verify } from './phases/verify';
import { failRun, finishRun, releaseForRetry, takeRun } from './run-state';

export interface OrchestratorDeps {
  db: Firestore;
  warehouse: Warehouse;
  publishDeadLetter(message: EtlMessage, reason: string): Promise<void>;
  leaseMs: number;
  maxAttempts: number;
  retry?: RetryPolicy;
}

async function deadLetter(
  deps: OrchestratorDeps,
  message: EtlMessage,
  attempt: number,
  reason: string,
  transferId: string | null,
) {
  await deps.publishDeadLetter(message, reason);
  await failRun(deps.db, message.rolloverId, {
    reason: `dead-lettered after ${deps.maxAttempts} attempts: ${reason}`,
    missing: [],
    retryable: true,
    transferId,
    attempt,
    phase: null,
    deadLettered: true,
  });
  logs.runDeadLettered({ rolloverId: message.rolloverId, attempt, deliveries: attempt, reason });
}

export async function processEtlMessage(deps: OrchestratorDeps, payload: unknown): Promise<void> {
  const parsed = EtlMessage.safeParse(payload);
  if (!parsed.success) {
    // Nothing identifies a run to fail; acknowledging is the only way out of a redelivery loop.
    logs.messageRejected({ reason: parsed.error.message });
    return;
  }
  const message = parsed.data;
  const { rolloverId } = message;
  const take = await takeRun(deps.db, message, { leaseMs: deps.leaseMs, maxAttempts: deps.maxAttempts });
  if (take.kind === 'skip') return logs.runSkipped({ rolloverId, status: take.status, reason: take.reason });
  if (take.kind === 'lease-held') throw new LeaseHeldError(rolloverId);
  if (take.kind === 'dead-letter') {
    return deadLetter(deps, message, take.attempt, 'attempts exhausted', null);
  }

  const { attempt } = take;
  const startedAt = new Date();
  const phaseTimingsMs: Record<string, number> = {};
  let phase: Phase | null = null;
  let rollover: RolloverAggregate | null = null;
  const phaseRetries: Record<string, number> = {};
  const timed = async <T>(name: Phase, work: () => Promise<T>): Promise<T> => {
    phase = name;
    const t0 = performance.now();
    const result = await retryTransient(
      async () => {
        await maybeInjectFault(deps.db, rolloverId, name);
        return work();
      },
      deps.retry ?? PHASE_RETRY,
      (error, retry) => {
        phaseRetries[name] = retry;
        logs.phaseRetrying({ rolloverId, attempt, phase: name, retry, reason: classifyError(error).reason });
      },
    );
    const ms = Math.round((performance.now() - t0) * 100) / 100;
    phaseTimingsMs[name] = ms;
    logs.phaseCompleted({ rolloverId, phase: name, ms, attempt });
    return result;
  };

  logs.runStarted({ rolloverId, attempt, deliveries: take.attemptsThisClaim });
  try {
    const r = (rollover = await timed('extract', () => extract(deps.db, rolloverId)));
    await timed('core', () => core(deps.warehouse, r));
    await timed('chain', () => chain(deps.warehouse, r));
    await timed('status', () => status(deps.warehouse, r, attempt));
    await timed('analytics', () => analytics(deps.warehouse, r));
    const tablesPopulated = await timed('verify', () => verify(deps.warehouse, r));
    const processingTimeMs = Date.now() - startedAt.getTime();
    await finishRun(deps.db, rolloverId, phaseRetries, {
      transferId: r.transferId,
      sourceCustodianId: r.sourceCustodianId,
      destinationCustodianId: r.destinationCustodianId,
      tablesPopulated,
      processingTimeMs,
      phaseTimingsMs,
      etlVersion: ETL_VERSION,
    });
    logs.runFinished({ rolloverId, attempt, ms: processingTimeMs, phaseTimingsMs });
    await recordHistory(deps, {
      rolloverId,
      attempt,
      status: 'FINISHED',
      phaseTimingsMs,
      processingTimeMs,
      startedAt,
      error: null,
    });
  } catch (error) {
    const failure = classifyError(error);
    const transferId = (rollover as RolloverAggregate | null)?.transferId ?? null;
    await recordHistory(deps, {
      rolloverId,
      attempt,
      status: 'ERROR',
      phaseTimingsMs,
      processingTimeMs: null,
      startedAt,
      error: failure.reason,
    });
    if (!failure.retryable) {
      logs.runFailed({ rolloverId, attempt, phase, ...failure });
      await failRun(deps.db, rolloverId, {
        ...failure,
        transferId,
        attempt,
        phase,
        deadLettered: false,
        ...partiesOf(rollover),
      });
      return;
    }
    if (take.attemptsThisClaim >= deps.maxAttempts) {
      return deadLetter(deps, message, attempt, failure.reason, transferId);
    }
    logs.runRetrying({ rolloverId, attempt, phase, reason: failure.reason });
    await releaseForRetry(deps.db, rolloverId, { ...failure, phase });
    throw error;
  }
}

/** EtlRun history is for people, not for correctness: a failed write is logged, never fatal. */
async function recordHistory(
  deps: OrchestratorDeps,
  run: Omit<Parameters<Warehouse['recordEtlRun']>[0], 'finishedAt'>,
): Promise<void> {
  try {
    await deps.warehouse.recordEtlRun({ ...run, finishedAt: new Date() });
  } catch (error) {
    logs.historyNotRecorded({ rolloverId: run.rolloverId, attempt: run.attempt, reason: classifyError(error).reason });
  }
}

const partiesOf = (rollover: RolloverAggregate | null) =>
  rollover
    ? {
        parties: {
          transferId: rollover.transferId,
          sourceCustodianId: rollover.sourceCustodianId,
          destinationCustodianId: rollover.destinationCustodianId,
        },
      }
    : {};
