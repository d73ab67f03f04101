// Runs driven through the run-state module's own transitions, in this process, with no worker and
// no warehouse: the tests of dead letters and alerts need runs in a given state (dead-lettered,
// finished with a given processing time, failed), not the ETL's work. Nothing is published, so no
// function of the stack takes these runs.
import type { EtlMessage } from '@trustrails/contracts';
import { failRun, finishRun, runRef, takeRun, type Completion, type Fence } from '../../functions/src/etl/run-state';
import { recordDeadLetter } from '../../functions/src/dead-letters/record';
import { claimRunByHand } from './etl';
import { db, uniqueId } from './firebase';

const LEASE_MS = 60_000;

/** Takes the run's current claim with a fresh attempt; throws when it cannot be taken. */
export async function takeCurrent(rolloverId: string, maxAttempts = 5): Promise<{ message: EtlMessage; fence: Fence }> {
  const run = (await runRef(db(), rolloverId).get()).data();
  if (!run) throw new Error(`no run ${rolloverId}`);
  const message = { rolloverId, eventId: run.eventId, attempt: run.claim };
  const taken = await takeRun(db(), message, { leaseMs: LEASE_MS, maxAttempts });
  if (taken.kind !== 'run' && taken.kind !== 'dead-letter')
    throw new Error(`could not take ${rolloverId}: ${taken.kind}`);
  return { message, fence: taken.fence };
}

/** A completion as phase 6 would report it, `processingTimeMs` long. */
export function completionOf(rolloverId: string, processingTimeMs = 1_000): Completion {
  return {
    transferId: `${rolloverId}-transfer`,
    sourceCustodianId: 'custodian-src',
    destinationCustodianId: 'custodian-dst',
    custodianIds: ['custodian-src', 'custodian-dst'],
    tablesPopulated: ['transfers'],
    verificationChecks: [{ check: 'transfer', expected: 1, actual: 1, passed: true }],
    processingTimeMs,
    phaseTimingsMs: { extract: 1 },
    etlVersion: 'test',
  };
}

/** Takes the run's current claim and finishes it: FINISHED with etl.completed, as a worker would. */
export async function finishCurrent(rolloverId: string, processingTimeMs = 1_000): Promise<void> {
  const { fence } = await takeCurrent(rolloverId);
  const recorded = await finishRun(db(), rolloverId, fence, {}, completionOf(rolloverId, processingTimeMs), new Date());
  if (recorded !== 'recorded') throw new Error(`finishing ${rolloverId} was ${recorded}`);
}

/** Takes the run's current claim and fails it, as a worker's last attempt would. */
export async function failCurrent(rolloverId: string, retryable: boolean, deadLettered = false): Promise<EtlMessage> {
  const { message, fence } = await takeCurrent(rolloverId);
  const recorded = await failRun(db(), rolloverId, fence, {
    reason: deadLettered ? 'dead-lettered after 5 attempts: warehouse unreachable' : 'test failure',
    missing: [],
    retryable,
    transferId: null,
    attempt: fence.attempt,
    phase: null,
    deadLettered,
  });
  if (recorded !== 'recorded') throw new Error(`failing ${rolloverId} was ${recorded}`);
  return message;
}

/**
 * A run dead-lettered as the worker does it (ERROR, retryable, deadLettered) and its dead letter
 * recorded by the subscriber's own function, under a message id of its own. Returns that id.
 */
export async function deadLetteredRun(rolloverId: string): Promise<string> {
  await claimRunByHand(rolloverId);
  const message = await failCurrent(rolloverId, true, true);
  const messageId = uniqueId('dl-msg');
  await recordDeadLetter(db(), {
    messageId,
    publishedAt: new Date(),
    payload: { ...message, reason: 'warehouse unreachable' },
  });
  return messageId;
}

export async function letter(messageId: string) {
  return (await db().collection('etlDeadLetters').doc(messageId).get()).data()!;
}
