// Stage 2: the master ETL orchestrator. Takes the run with a lease and a fencing token, runs the
// six phases (run-phases.ts), then records the outcome (record-outcome.ts).
import { EtlMessage } from '@trustrails/contracts';
import { logs } from '../logs';
import { LeaseHeldError } from './errors';
import { recordOutcome, deadLetter, type OutcomeDeps } from './record-outcome';
import { runPhases, type PhaseDeps } from './run-phases';
import { takeRun } from './run-state';

export type OrchestratorDeps = PhaseDeps & OutcomeDeps;

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
    await deadLetter(deps, message, take.fence, 'attempts exhausted', null);
    return;
  }

  logs.runStarted({ rolloverId, attempt: take.fence.attempt, attemptsThisClaim: take.attemptsThisClaim });
  const outcome = await runPhases(deps, {
    rolloverId,
    fence: take.fence,
    resumeAfter: take.resumeAfter,
    revision: take.revision,
    revisedFrom: take.revisedFrom,
  });
  await recordOutcome(deps, { message, fence: take.fence, attemptsThisClaim: take.attemptsThisClaim }, outcome);
}
