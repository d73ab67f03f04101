// The `etl-rollover-dead-letter` message and its record, `etlDeadLetters/{messageId}`.
import { z } from 'zod';
import { EtlMessage } from './etl-run';
import { TimestampLike } from './events';

export const ETL_DEAD_LETTERS = 'etlDeadLetters';

/** What the worker publishes when a run has used up its deliveries: the ETL message and why. */
export const DeadLetterMessage = EtlMessage.extend({ reason: z.string().min(1) });
export type DeadLetterMessage = z.infer<typeof DeadLetterMessage>;

/** DEAD until an admin redrives its run; REDRIVEN after. */
export const DEAD_LETTER_STATES = Object.freeze({ DEAD: 'DEAD', REDRIVEN: 'REDRIVEN' } as const);

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
  status: z.enum([DEAD_LETTER_STATES.DEAD, DEAD_LETTER_STATES.REDRIVEN]),
  publishedAt: TimestampLike,
  recordedAt: TimestampLike,
  redrivenAt: TimestampLike.nullable(),
  redrivenBy: z.string().nullable(),
});
export type EtlDeadLetterDoc = z.infer<typeof EtlDeadLetterDoc>;
