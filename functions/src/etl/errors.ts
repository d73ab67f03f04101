// ETL failures are either permanent (bad or missing source data: retrying cannot help) or
// transient (database, network: retry with backoff). Anything unknown is treated as transient,
// because retrying a permanent error only costs attempts, while dropping a transient one loses data.
import { ZodError } from 'zod';
import { describeZodError, type Phase } from '@trustrails/contracts';
import { OwnershipConflictError } from '@trustrails/warehouse';

export class PermanentEtlError extends Error {
  constructor(
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message);
    this.name = 'PermanentEtlError';
  }
}

/** Another worker holds a live lease on the run: redeliver later without counting an attempt. */
export class LeaseHeldError extends Error {
  constructor(rolloverId: string) {
    super(`run ${rolloverId} is held by another worker`);
    this.name = 'LeaseHeldError';
  }
}

/**
 * Another worker has taken the run over (this one's lease ran out): stop at once and write nothing.
 * Not a failure of the run, so it is never classified or recorded.
 */
export class StaleRunError extends Error {
  constructor(rolloverId: string, attempt: number) {
    super(`run ${rolloverId} was taken over from attempt ${attempt}`);
    this.name = 'StaleRunError';
  }
}

/** An admin cancelled the run: stop between phases and leave it PAUSED at `completed`. Not a failure. */
export class CancelledRunError extends Error {
  constructor(
    rolloverId: string,
    readonly completed: Phase | null,
  ) {
    super(`run ${rolloverId} was cancelled after ${completed ?? 'no phase'}`);
    this.name = 'CancelledRunError';
  }
}

/**
 * Phase 6 read back a row or window that is short or wrong. Retryable: the next attempt writes the
 * rows again, and a mismatch that persists ends, as every retryable failure does, dead-lettered.
 */
export class VerificationFailedError extends Error {
  constructor(
    message: string,
    /** The names of the checks that failed. */
    readonly failedChecks: string[],
  ) {
    super(message);
    this.name = 'VerificationFailedError';
  }
}

export interface ClassifiedError {
  reason: string;
  missing: string[];
  retryable: boolean;
}

export function classifyError(error: unknown, fieldPrefix = ''): ClassifiedError {
  if (error instanceof PermanentEtlError) return { reason: error.message, missing: error.missing, retryable: false };
  // Another rollover or custodian owns the row: retrying would fail the same way, writing would corrupt it.
  if (error instanceof OwnershipConflictError) return { reason: error.message, missing: [], retryable: false };
  // The failed checks name what is short or wrong, as `missing` names the fields of bad input.
  if (error instanceof VerificationFailedError)
    return { reason: error.message, missing: error.failedChecks, retryable: true };
  if (error instanceof ZodError) {
    const { message, fields } = describeZodError(error, fieldPrefix);
    return { reason: `invalid data: ${message}`, missing: fields, retryable: false };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { reason: reason || 'unknown error', missing: [], retryable: true };
}
