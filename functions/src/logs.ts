// Named, structured log events. Every ETL line carries rolloverId, and phase, ms and attempt
// where they apply, so a run can be followed in Cloud Logging by its fields alone.
// One info line per rollover (etl.runFinished, with its phase timings); a rollover's other steps
// are detail, at debug and written only with ETL_RUN_DETAIL_LOGS=true: every line costs the hot
// path a relay in the emulator and a bill in Cloud Logging. Warnings and errors are always written.
// The logger alone: the package's root loads every v1 and v2 provider (and parts of firebase-admin with them).
import * as logger from 'firebase-functions/logger';
import type { AlertCondition, SweepReport } from '@trustrails/contracts';
import { etlRunDetailLogs } from './config';

/** A step of one rollover: debug, and only when the detail is switched on. */
function detail(message: string, fields: object): void {
  if (etlRunDetailLogs) logger.debug(message, fields);
}

interface RunFields {
  rolloverId: string;
  attempt?: number;
}

export const logs = {
  /** A warm-up message readied this worker instance (etl/warm-up.ts). */
  workerWarmed: (fields: { ms: number }) => logger.info('etl.workerWarmed', fields),
  /** A warm-up failed; it is acknowledged all the same, since the next real message sets up on its own. */
  workerWarmUpFailed: (fields: { reason: string }) => logger.warn('etl.workerWarmUpFailed', fields),
  eventIgnored: (fields: { eventId: string; eventType?: string; reason: string }) => detail('etl.eventIgnored', fields),
  eventRejected: (fields: { eventId: string; reason: string }) => logger.warn('etl.eventRejected', fields),
  runClaimed: (fields: RunFields & { eventId: string; ms: number }) => detail('etl.runClaimed', fields),
  runNotClaimed: (fields: RunFields & { eventId: string; status: string }) => detail('etl.runNotClaimed', fields),
  /** A bulk delivery handed its lane slot on: `dispatched` runs published on the bulk topic (0: none waited). */
  bulkSlotPassed: (fields: { rolloverId: string | null; dispatched: number }) => detail('etl.bulkSlotPassed', fields),
  /** Handing the slot on failed; the sweeper's top-up recovers the lane. */
  bulkSlotNotPassed: (fields: { rolloverId: string | null; reason: string }) =>
    logger.warn('etl.bulkSlotNotPassed', fields),
  runSkipped: (fields: RunFields & { status: string; reason: string }) => detail('etl.runSkipped', fields),
  runStarted: (fields: RunFields & { attemptsThisClaim: number }) => detail('etl.runStarted', fields),
  phaseCompleted: (fields: RunFields & { phase: string; ms: number }) => detail('etl.phaseCompleted', fields),
  runFinished: (fields: RunFields & { ms: number; phaseTimingsMs: Record<string, number> }) =>
    logger.info('etl.runFinished', fields),
  runFailed: (fields: RunFields & { phase: string | null; reason: string; retryable: boolean; missing: string[] }) =>
    logger.error('etl.runFailed', fields),
  phaseRetrying: (fields: RunFields & { phase: string; retry: number; reason: string }) =>
    logger.warn('etl.phaseRetrying', fields),
  /** Phase 6 read back figures that differ from a fresh recomputation, and recomputes them. */
  verifyMismatch: (fields: RunFields & { recompute: number; failedChecks: string[] }) =>
    logger.warn('etl.verifyMismatch', fields),
  historyNotRecorded: (fields: RunFields & { reason: string }) => logger.warn('etl.historyNotRecorded', fields),
  runRetrying: (fields: RunFields & { phase: string | null; reason: string }) => logger.warn('etl.runRetrying', fields),
  runDeadLettered: (fields: RunFields & { reason: string }) => logger.error('etl.runDeadLettered', fields),
  /** A renewal of the worker's lease failed (not refused: the write itself); the next one is tried. */
  leaseRenewalFailed: (fields: RunFields & { reason: string }) => logger.warn('etl.leaseRenewalFailed', fields),
  /** A worker whose lease was taken over tried to write to the run; the write was refused. */
  staleWriteIgnored: (
    fields: RunFields & {
      write: 'renew' | 'finish' | 'fail' | 'release' | 'cancel' | 'progress';
      holder: { status: string; attempt: number | null };
    },
  ) => logger.warn('etl.staleWriteIgnored', fields),
  /** A worker found between phases that another worker holds the run, and stopped. */
  runCancelled: (fields: RunFields & { checkpoint: string | null }) => logger.info('etl.runCancelled', fields),
  staleWorkerStopped: (fields: RunFields & { phase: string | null }) => logger.warn('etl.staleWorkerStopped', fields),
  sweepCompleted: (fields: SweepReport & { ms: number }) => logger.info('etl.sweepCompleted', fields),
  reaggregationCompleted: (fields: { custodians: number; windows: number; rows: number; failed: number; ms: number }) =>
    logger.info('etl.reaggregationCompleted', fields),
  reaggregationCustodianFailed: (fields: { custodianId: string; reason: string }) =>
    logger.error('etl.reaggregationCustodianFailed', fields),
  /** uid: the caller whose ID token verified (null when none did: no token, a bad one). */
  adminRequest: (fields: { method: string; path: string; status: number; ms: number; uid: string | null }) =>
    logger.info('etl.adminRequest', fields),
  /** An admin request failed on our side (not a refusal): answered 500, with the cause here. */
  adminRequestFailed: (fields: { method: string; path: string; uid: string | null; reason: string }) =>
    logger.error('etl.adminRequestFailed', fields),
  /** An admin action ran but its audit entry could not be given its outcome (it stays null). */
  auditOutcomeLost: (fields: { auditId: string; action: string; status: number; message: string }) =>
    logger.error('etl.auditOutcomeLost', fields),
  messageRejected: (fields: { reason: string }) => logger.error('etl.messageRejected', fields),
  deadLetterRecorded: (fields: {
    messageId: string;
    rolloverId: string | null;
    reason: string | null;
    onRun: boolean;
  }) => logger.error('etl.deadLetterRecorded', fields),
  deadLetterDuplicate: (fields: { messageId: string }) => logger.info('etl.deadLetterDuplicate', fields),
  deadLetterRedriven: (fields: { rolloverId: string; messageIds: string[]; by: string }) =>
    logger.warn('etl.deadLetterRedriven', fields),
  /** Letters closed: their run finished (by: what re-opened it), is gone, or there is none. */
  deadLettersResolved: (fields: { rolloverId: string | null; messageIds: string[]; resolution: string; by: string }) =>
    logger.info('etl.deadLettersResolved', fields),
  backfillReaggregated: (fields: { backfillId: string; runs: number; custodians: number; rows: number; ms: number }) =>
    logger.info('etl.backfillReaggregated', fields),
  /**
   * Alert figures for the log-based metrics in ops/monitoring, each read by its own field: every
   * sweep logs all but sweeperStale, which the re-aggregation's check on the sweeper logs alone
   * (a sweep cannot measure its own absence).
   */
  healthSnapshot: (fields: Partial<Record<AlertCondition, number>>) => logger.info('etl.healthSnapshot', fields),
  alertOpened: (fields: { condition: string; value: number; threshold: number }) =>
    logger.error('etl.alertOpened', fields),
  alertResolved: (fields: { condition: string; value: number; threshold: number }) =>
    logger.info('etl.alertResolved', fields),
  /** A new occurrence while the alert was already open (a dead letter on top of those that opened it). */
  alertOccurrence: (fields: { condition: string; occurrences: number; detail: Record<string, string | null> }) =>
    logger.error('etl.alertOccurrence', fields),
};
