// The `etlRuns/{rolloverId}` job document and the `etl-rollover` Pub/Sub message.
import { z } from 'zod';
import { Id, RolloverId, TimestampLike } from './events';
import { PHASES } from './phases';
import { toJson } from './firestore-json';
import { EXPIRE_AT } from './retention';
import { RUN_STATES, type RunState as RunStateName } from './run-states';

/** Job states, one frozen constant (run-states.ts); transitions live in the functions' run-state module. */
export {
  RUN_STATES,
  IN_FLIGHT_STATES,
  SETTLED_STATES,
  RUN_STATE_DISPLAY_ORDER,
  currentProgress,
  isInFlight,
  isSettled,
  type InFlightState,
  type SettledState,
} from './run-states';
export type RunState = RunStateName;
export const RunState = z.enum(RUN_STATES);

export { PHASES, type Phase } from './phases';

export const ETL_TOPIC = 'etl-rollover';
/**
 * The bulk lane's topic: backfills, retries, redrives and the sweeper's re-openings. Its own worker
 * consumes it, and at most ETL_BULK_CONCURRENCY of its runs are dispatched at once (docs/run-states.md).
 */
export const ETL_BULK_TOPIC = 'etl-rollover-bulk';
export const ETL_DEAD_LETTER_TOPIC = 'etl-rollover-dead-letter';

/** Which queue a run waits in: live completions, or bulk work that must not delay them. */
export const LANES = Object.freeze({ LIVE: 'live', BULK: 'bulk' } as const);
export type Lane = (typeof LANES)[keyof typeof LANES];
export const Lane = z.enum([LANES.LIVE, LANES.BULK]);

/**
 * What re-opened a settled run (its latest claim generation): a new rollover.completed event, an
 * admin retry, a dead-letter redrive, the sweeper's automatic re-open, an admin resume or requeue,
 * or an admin's reprocess of a FINISHED run (a new revision).
 * A dead letter resolved by the run's finish records it as how it was healed.
 */
export const REOPEN_CAUSES = Object.freeze([
  'new-completion',
  'admin-retry',
  'redrive',
  'sweeper',
  'admin-resume',
  'admin-requeue',
  'admin-reprocess',
] as const);
export const ReopenCause = z.enum(REOPEN_CAUSES);
export type ReopenCause = z.infer<typeof ReopenCause>;

export const EtlMessage = z.strictObject({
  rolloverId: RolloverId,
  eventId: Id,
  attempt: z.number().int().positive(),
});
export type EtlMessage = z.infer<typeof EtlMessage>;

/**
 * The other message on `etl-rollover`: it only readies a worker instance (process, code, Firestore
 * client, warehouse pool) so that the first rollover after a start does not pay for that; `npm start`
 * sends one once the stack is up. The worker acknowledges it after read-only calls, changing no run,
 * event or row. Both schemas are strict, so neither message can be taken for the other.
 */
export const EtlWarmUpMessage = z.strictObject({ warmUp: z.literal(true) });
export type EtlWarmUpMessage = z.infer<typeof EtlWarmUpMessage>;

/**
 * An instant in a run: a Firestore Timestamp in the document, an ISO-8601 string in the admin API.
 * Every run shape below is built from one of these, so the API's run is the document's, field by field.
 */
const Iso = z.iso.datetime();
type Instant = typeof TimestampLike | typeof Iso;

const runError = <T extends Instant>(time: T) =>
  z.object({
    reason: z.string(),
    missing: z.array(z.string()),
    retryable: z.boolean(),
    phase: z.string().nullable(),
    at: time,
  });
export const RunError = runError(TimestampLike);

/**
 * Where a RUNNING attempt is: written by its worker at a phase boundary, at most once a second
 * (with the cancel check), so only a run slower than that shows it live. `attempt` says which
 * attempt wrote it: a later attempt's run with an older progress has not reported yet.
 */
const runProgress = <T extends Instant>(time: T) =>
  z.object({
    attempt: z.number().int().positive(),
    /** The phase starting when this was written. */
    phase: z.enum(PHASES),
    /** Every phase done, by this attempt or (resumed run) before its checkpoint. */
    completedPhases: z.array(z.enum(PHASES)),
    /** This attempt's phase times so far. */
    phaseTimingsMs: z.record(z.string(), z.number()),
    at: time,
  });
export const RunProgress = runProgress(TimestampLike);
export type RunProgress = z.infer<typeof RunProgress>;

/** A run's `revisedFrom`, with its instant as `time` (a Timestamp in Firestore, ISO in the admin API). */
const revisedFromRecord = <T extends Instant>(time: T) =>
  z.object({
    sourceCustodianId: z.string(),
    destinationCustodianId: z.string(),
    completedAt: z.optional(z.nullable(time)),
  });

/** Where a run queues: its lane, and for the bulk lane its slot. */
const laneFields = <T extends Instant>(time: T) => ({
  /** The run's lane; absent means live (runs written before lanes existed). */
  lane: Lane.optional(),
  /**
   * A bulk run waits undispatched (false) until the dispatcher gives it one of the lane's
   * ETL_BULK_CONCURRENCY slots (`bulkSlot`) and publishes it; a live run is always dispatched.
   */
  dispatched: z.boolean().optional(),
  bulkSlot: z.number().int().nonnegative().nullable().optional(),
  /** When the run joined the bulk queue: the dispatcher takes the oldest first. */
  queuedAt: z.optional(z.nullable(time)),
});

/** etlRuns/{rolloverId}, with its instants as `time`: the document (Timestamps) or the API's run (ISO strings). */
const runDocument = <T extends Instant>(time: T) =>
  z.object({
    rolloverId: RolloverId,
    eventId: Id,
    status: RunState,
    /** Claim generation: 1 at the first claim, +1 for each admin retry; messages carry it. */
    claim: z.number().int().positive(),
    /** Processing attempts so far; attempt - attemptBase counts against ETL_MAX_ATTEMPTS. */
    attempt: z.number().int().nonnegative(),
    attemptBase: z.number().int().nonnegative(),
    transferId: z.string().nullable(),
    sourceCustodianId: z.string().nullable(),
    destinationCustodianId: z.string().nullable(),
    leaseExpiresAt: z.nullable(time),
    phaseTimingsMs: z.record(z.string(), z.number()),
    phaseRetries: z.record(z.string(), z.number()),
    processingTimeMs: z.number().nullable(),
    lastError: runError(time).nullable(),
    deadLettered: z.boolean(),
    createdAt: time,
    updatedAt: time,
    /**
     * When the run last became PENDING (its claim, or a re-open): the pending-age alert measures from
     * here, not from createdAt, which a re-open keeps. Absent on runs written before it existed.
     */
    pendingSince: z.optional(time),
    /** What opened the current claim generation, when it was a re-open (null: the first claim). */
    reopenedBy: ReopenCause.nullable().optional(),
    startedAt: z.nullable(time),
    finishedAt: z.nullable(time),
    /** Operator traces: duplicates that arrived and changed nothing, and the sweeper's last touch. */
    duplicateEventIds: z.array(z.string()).optional(),
    ignoredDeliveries: z.number().int().optional(),
    sweptAt: z.optional(time),
    /** When Firestore may delete this FINISHED run (retention); removed when the run is re-opened. */
    [EXPIRE_AT]: z.optional(z.nullable(time)),
    /** The sweeper's automatic re-openings of this run since an admin or a new completion last did. */
    autoReopenings: z.number().int().nonnegative().optional(),
    /**
     * When the sweeper may next re-open this ERROR run: set when it fails retryably, moved on by the
     * sweeper to the end of its backoff, null once its re-openings are used up (left for an admin).
     * The sweeper's query selects on it, so runs that cannot be re-opened never fill its page.
     */
    reopenDueAt: z.optional(z.nullable(time)),
    /** Every dead letter recorded for the run (etlDeadLetters/{messageId}). */
    deadLetterIds: z.array(z.string()).optional(),
    /** An admin asked to cancel this RUNNING run; its worker stops at the next phase boundary. */
    cancelRequested: z.boolean().optional(),
    /** Where a cancelled run stopped: the last phase it completed (null: none). Resume goes on after it. */
    checkpoint: z
      .object({ phase: z.enum(PHASES).nullable(), at: time })
      .nullable()
      .optional(),
    progress: runProgress(time).nullable().optional(),
    /**
     * The revision the run loads (absent: 1). An admin's reprocess of a FINISHED run adds one; each
     * revision finishes with its own etl.completed (etlCompletedEventId(rolloverId, revision)).
     */
    revision: z.number().int().positive().optional(),
    /**
     * Set by a reprocess: where and when the previous revision counted the transfer (its custodians
     * and completion time, from the finished run). Phase 2 rebuilds those windows from this record on
     * every attempt, not from the transfer row it overwrites (a retry finds that already corrected),
     * and phase 6 verifies them; the new revision's signal names the custodians too (custodianIds), so
     * a custodian the correction took the transfer from refreshes its cards. `completedAt` is null
     * when the previous revision finished before runs recorded it. Kept until the next reprocess.
     */
    revisedFrom: revisedFromRecord(time).nullable().optional(),
    /** The transfer's completion time as the last finished revision counted it: what a reprocess records in revisedFrom. */
    transferCompletedAt: z.optional(z.nullable(time)),
    ...laneFields(time),
  });
export const EtlRunDoc = runDocument(TimestampLike);
export type EtlRunDoc = z.infer<typeof EtlRunDoc>;

/** etlRuns/{rolloverId} as the admin API sends it: EtlRunDoc with its Timestamps as ISO strings, plus its id. */
export const AdminRun = runDocument(Iso).extend({ id: z.string() });
export type AdminRun = z.infer<typeof AdminRun>;

/** The one mapping of a run document to the API's run (firestore-json.ts does the Timestamps). */
export const runToJson = (id: string, run: EtlRunDoc): AdminRun => ({ id, ...toJson(run) });
