// The `etl-rollover-dead-letter` message and its record, `etlDeadLetters/{messageId}`.
import { z } from 'zod';
import { EtlMessage, REOPEN_CAUSES } from './etl-run';
import { TimestampLike } from './events';
import { EXPIRE_AT } from './retention';

/** What the worker publishes when a run has used up its deliveries: the ETL message and why. */
export const DeadLetterMessage = EtlMessage.extend({ reason: z.string().min(1) });
export type DeadLetterMessage = z.infer<typeof DeadLetterMessage>;

/**
 * DEAD when recorded; REDRIVEN once an admin has re-opened its run (still open: the run has not
 * finished yet); RESOLVED when its run finished by any path, or has no run to heal
 * (docs/run-states.md, Dead letters). DEAD and REDRIVEN letters are open: the deadLetters alert counts them.
 */
export const DEAD_LETTER_STATES = Object.freeze({ DEAD: 'DEAD', REDRIVEN: 'REDRIVEN', RESOLVED: 'RESOLVED' } as const);
export const OPEN_DEAD_LETTER_STATES = Object.freeze([DEAD_LETTER_STATES.DEAD, DEAD_LETTER_STATES.REDRIVEN] as const);
export const DeadLetterState = z.enum([
  DEAD_LETTER_STATES.DEAD,
  DEAD_LETTER_STATES.REDRIVEN,
  DEAD_LETTER_STATES.RESOLVED,
]);
export type DeadLetterState = z.infer<typeof DeadLetterState>;

/**
 * Why a letter closed: its run finished; its run is gone (deleted); or it names no run (an
 * unreadable payload: nothing to heal or redrive, kept with its payload and problem to read).
 */
export const DEAD_LETTER_RESOLUTIONS = Object.freeze(['run-finished', 'run-missing', 'no-run'] as const);
export const DeadLetterResolution = z.enum(DEAD_LETTER_RESOLUTIONS);
export type DeadLetterResolution = z.infer<typeof DeadLetterResolution>;

/**
 * Who closed it. For a finished run, the path that re-opened the run (etl-run.ts REOPEN_CAUSES;
 * 'unknown' for a run re-opened before causes were recorded); otherwise the sweeper or a redrive
 * that found the run gone, or the subscriber that recorded a letter already settled.
 */
export const DeadLetterResolver = z.enum([...REOPEN_CAUSES, 'subscriber', 'unknown']);
export type DeadLetterResolver = z.infer<typeof DeadLetterResolver>;

export const EtlDeadLetterDoc = z.object({
  messageId: z.string().min(1),
  /** Null when the payload was not a readable dead-letter message; `problem` says why. */
  rolloverId: z.string().nullable(),
  eventId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  reason: z.string().nullable(),
  problem: z.string().nullable(),
  /** The payload as received, kept for the unreadable ones. */
  payload: z.string(),
  status: DeadLetterState,
  publishedAt: TimestampLike,
  recordedAt: TimestampLike,
  redrivenAt: TimestampLike.nullable(),
  redrivenBy: z.string().nullable(),
  /** Set when it became RESOLVED; absent on letters recorded before letters were resolved. */
  resolvedAt: TimestampLike.nullable().optional(),
  resolution: DeadLetterResolution.nullable().optional(),
  resolvedBy: DeadLetterResolver.nullable().optional(),
  /** When Firestore may delete this RESOLVED letter (retention); absent on open letters. */
  [EXPIRE_AT]: TimestampLike.nullable().optional(),
});
export type EtlDeadLetterDoc = z.infer<typeof EtlDeadLetterDoc>;
