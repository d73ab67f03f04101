// The admin API's answers (etlAdmin, docs/contracts/api.md): health, run pages, one run in detail,
// backfill reports, retry and control outcomes, status counts, the sweep and the schedules. The
// handler's values are typed by these (a change there that the contract does not follow fails to
// compile); the CLI and the emulator tests parse what they read with them. Timestamps are ISO-8601
// strings. Objects are not strict, so a caller built against this contract still reads an answer
// that gained a field.
import { z } from 'zod';
import { RUN_ACTIONS, type RunAction as RunActionName } from './admin-routes';
import { AlertCondition } from './alert';
import { DeadLetterResolution, DeadLetterResolver, EtlDeadLetterDoc } from './dead-letter';
import { EXPIRE_AT } from './retention';
import type { FreshnessSummary } from './freshness';
import { AdminRun, RunState } from './etl-run';
import { GRANULARITIES } from './granularities';

const Iso = z.iso.datetime();
const count = z.number().int().nonnegative();

/** The run actions of the vocabulary (admin-routes.ts), as a schema. */
export const RunAction = z.enum(RUN_ACTIONS);
export type RunAction = RunActionName;

/** GET /health: every figure counted from the run documents. */
export const AdminHealth = z.object({
  queueDepth: count,
  pending: count,
  running: count,
  byStatus: z.record(RunState, count),
  /** PENDING runs by lane: live completions, and bulk work (backfills, retries, redrives, re-openings). */
  pendingByLane: z.object({ live: count, bulk: count }),
  /** When the longest-waiting live run became PENDING (its pendingSince), or null. */
  oldestPendingAt: Iso.nullable(),
  failuresLastHour: count,
  processingTimeMs: z.object({ samples: count, avg: z.number().nullable(), p95: z.number().nullable() }),
  /** etl.completed commit -> the dashboard's cards rendering it, over the last hour (contracts/freshness.ts). */
  freshnessMs: z.object({
    windowMs: count,
    samples: count,
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    objectiveMs: count,
  }) satisfies z.ZodType<FreshnessSummary>,
});
export type AdminHealth = z.infer<typeof AdminHealth>;

/** GET /runs: newest first; nextPageToken is the pageToken of the next page, null on the last. */
export const AdminRunsPage = z.object({
  runs: z.array(AdminRun),
  nextPageToken: z.string().nullable(),
});
export type AdminRunsPage = z.infer<typeof AdminRunsPage>;

/** A source event of the rollover, in time order ('' when it has no timestamp). */
export const AdminRunEvent = z.object({
  id: z.string(),
  eventType: z.string(),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AdminRunEvent = z.infer<typeof AdminRunEvent>;

/** An etl.failed event's payload; the fields are optional because older events may lack them. */
export const AdminRunFailure = z.object({
  id: z.string(),
  at: z.string(),
  reason: z.string().optional(),
  missing: z.array(z.string()).optional(),
  retryable: z.boolean().optional(),
  phase: z.string().nullable().optional(),
  attempt: z.number().int().optional(),
  transferId: z.string().optional(),
});
export type AdminRunFailure = z.infer<typeof AdminRunFailure>;

/** GET /runs/:id: the run, what an admin may do next, its source events and ETL outcomes. */
export const AdminRunDetail = AdminRun.extend({
  allowedActions: z.array(RunAction),
  events: z.array(AdminRunEvent),
  /** The etl.completed payload with its event id and time, or null. */
  completion: z.object({ id: z.string(), at: z.string() }).catchall(z.unknown()).nullable(),
  failures: z.array(AdminRunFailure),
});
export type AdminRunDetail = z.infer<typeof AdminRunDetail>;

/** POST /runs/status: how many of the given runs are in each state ('MISSING' for no such run). */
export const AdminStatusCounts = z.record(z.string(), count);
export type AdminStatusCounts = z.infer<typeof AdminStatusCounts>;

/** POST /backfill. */
/** A backfill job's states: queueing its range a chunk at a time, waiting for its runs, re-aggregated. */
export const BACKFILL_STATES = ['QUEUEING', 'WAITING', 'DONE'] as const;
export const BackfillState = z.enum(BACKFILL_STATES);

/**
 * GET /backfills/:id (and each of GET /backfills): a backfill job (etlBackfills/{id}). It queues its
 * range a chunk of completion events at a time across invocations (the request, then each sweep),
 * from the cursor it records; `settled` of `queued` runs have since FINISHED, failed or paused.
 */
export const AdminBackfillJob = z.object({
  backfillId: z.string(),
  from: Iso,
  to: Iso,
  custodianId: z.string().nullable(),
  /** FINISHED runs of the range are reprocessed (a new revision each) instead of counted as alreadyFinished. */
  includeFinished: z.boolean(),
  status: BackfillState,
  /** Chunks of completion events read so far; the range is read once, in order. */
  chunks: count,
  completions: count,
  alreadyFinished: count,
  enqueued: count,
  retried: count,
  /** FINISHED runs re-opened for a new revision (includeFinished only). */
  reprocessed: count,
  inFlight: count,
  /** Runs this job put or found on the queue: enqueued + retried + reprocessed + inFlight. */
  queued: count,
  /** Of `queued`, the runs no longer PENDING or RUNNING (counted in queue order). */
  settled: count,
  createdAt: Iso.nullable(),
  updatedAt: Iso.nullable(),
  /** When the last chunk was queued (status WAITING from then). */
  queueingDoneAt: Iso.nullable(),
  reaggregatedAt: Iso.nullable(),
  reaggregated: z.object({ custodians: count, rows: count }).nullable(),
});
export type AdminBackfillJob = z.infer<typeof AdminBackfillJob>;

/** GET /backfills: the most recent jobs, newest first. */
export const AdminBackfillJobs = z.object({ backfills: z.array(AdminBackfillJob) });
export type AdminBackfillJobs = z.infer<typeof AdminBackfillJobs>;

/** How many rollover ids POST /backfill lists in `queued`; the job's counts are complete. */
export const BACKFILL_QUEUED_LIST_CAP = 1000;

/**
 * POST /backfill: what the request itself got through. It queues chunks for up to its time budget;
 * the sweeper queues the rest (`job.status` QUEUEING until then). Counts are the job's so far.
 */
export const AdminBackfillReport = z.object({
  completions: count,
  alreadyFinished: count,
  enqueued: count,
  retried: count,
  reprocessed: count,
  inFlight: count,
  /** The first BACKFILL_QUEUED_LIST_CAP rollovers this request put on the queue; follow `job` for all. */
  queued: z.array(z.string()),
  /** etlBackfills/{backfillId}: the sweeper re-aggregates it once its runs settle. Null when nothing was queued. */
  backfillId: z.string().nullable(),
  /** Set when nothing was queued, so the windows were rebuilt at once. */
  reaggregated: z.object({ custodians: count, rows: count }).nullable(),
  /** The job's progress when the request returned; null when nothing was queued. */
  job: AdminBackfillJob.nullable().optional(),
});
export type AdminBackfillReport = z.infer<typeof AdminBackfillReport>;

/** POST /retry {rolloverId} and POST /pause {rolloverId}: the run's state afterwards. */
export const AdminRetryOutcome = z.object({ rolloverId: z.string(), retried: z.boolean(), status: RunState });
export type AdminRetryOutcome = z.infer<typeof AdminRetryOutcome>;

/** POST /retry {allFailed: true}. */
export const AdminRetryAllOutcome = z.object({ retried: count });
export type AdminRetryAllOutcome = z.infer<typeof AdminRetryAllOutcome>;

/** POST /runs/:id/cancel | resume | requeue | reprocess: the run actions whose route names the run in its path. */
export const AdminRunControlOutcome = z.object({
  rolloverId: z.string(),
  action: RunAction,
  status: RunState,
});
export type AdminRunControlOutcome = z.infer<typeof AdminRunControlOutcome>;

/** POST /pause {} and POST /resume: the whole ETL's state afterwards, and how many runs resume re-sent. */
export const AdminEtlControl = z.union([
  z.object({ paused: z.literal(true) }),
  z.object({ paused: z.literal(false), enqueued: count }),
]);
export type AdminEtlControl = z.infer<typeof AdminEtlControl>;

/** What one sweep did: the sweeper's return, its log line (etl.sweepCompleted) and the base of POST /sweep's answer. */
export const SweepReport = z.object({
  expiredLeases: count,
  stalePending: count,
  missedTriggers: count,
  /** Completions passed over because their rolloverId cannot be a document id (the trigger logged each). */
  unsafeIds: count,
  reopened: count,
  /** Bulk runs this sweep dispatched into free lane slots (a lost chain recovered, or new work). */
  bulkDispatched: count,
  paused: z.boolean(),
  /** The conditions whose alert this sweep opened or resolved. */
  alerts: z.object({ opened: z.array(AlertCondition), resolved: z.array(AlertCondition) }),
});
export type SweepReport = z.infer<typeof SweepReport>;

/** POST /sweep: what the sweeper did, and the backfills it re-aggregated. */
export const AdminSweepReport = SweepReport.extend({
  /** Backfills re-aggregated (`settled`), and chunks of still-queueing backfills this sweep queued. */
  backfills: z.object({ settled: count, rows: count, chunks: count.optional() }),
});
export type AdminSweepReport = z.infer<typeof AdminSweepReport>;

/**
 * etlDeadLetters/{messageId} as the API sends it: the document's fields, timestamps as ISO strings,
 * and the resolution fields always present (null while open). Retention's expiry is not sent.
 */
export const AdminDeadLetter = EtlDeadLetterDoc.omit({ [EXPIRE_AT]: true }).extend({
  publishedAt: Iso,
  recordedAt: Iso,
  redrivenAt: Iso.nullable(),
  resolvedAt: Iso.nullable(),
  resolution: DeadLetterResolution.nullable(),
  resolvedBy: DeadLetterResolver.nullable(),
});
export type AdminDeadLetter = z.infer<typeof AdminDeadLetter>;

/** GET /dead-letters: newest recorded first; nextPageToken is the pageToken of the next page, null on the last. */
export const AdminDeadLettersPage = z.object({
  letters: z.array(AdminDeadLetter),
  nextPageToken: z.string().nullable(),
});
export type AdminDeadLettersPage = z.infer<typeof AdminDeadLettersPage>;

/**
 * POST /dead-letters/redrive: runs re-opened; runs not re-opened (still healing: PENDING or
 * RUNNING); and runs whose letters were resolved instead (the run had finished, or is gone).
 */
export const AdminRedriveReport = z.object({
  redriven: z.array(z.string()),
  notRedriven: z.array(z.object({ rolloverId: z.string(), status: z.string() })),
  resolved: z.array(z.string()),
});
export type AdminRedriveReport = z.infer<typeof AdminRedriveReport>;

export const SCHEDULED_JOBS = ['reaggregate', 'sweep'] as const;

/** How many covered windows a job's record lists; the rest are counted, so the document stays small. */
export const COVERED_WINDOWS_CAP = 25;

/**
 * The analytics windows a job rebuilt: the first COVERED_WINDOWS_CAP, each a custodian (null: all
 * custodians) with a granularity and period start (YYYY-MM-DD), and how many more it rebuilt.
 */
export const CoveredWindows = z.object({
  windows: z.array(
    z.object({
      custodianId: z.string().nullable(),
      granularity: z.enum(GRANULARITIES),
      periodStart: z.iso.date(),
    }),
  ),
  more: count,
});
export type CoveredWindows = z.infer<typeof CoveredWindows>;
export type CoveredWindow = CoveredWindows['windows'][number];

/** POST /reaggregate: the custodians and windows rebuilt, rows changed, and custodians that failed. */
export const AdminReaggregationReport = z.object({
  custodians: count,
  windows: count,
  covered: CoveredWindows,
  rows: count,
  failed: z.array(z.object({ custodianId: z.string(), reason: z.string() })),
  ms: z.number().nonnegative(),
});
export type AdminReaggregationReport = z.infer<typeof AdminReaggregationReport>;

/** GET /schedules: each scheduled job's last run; a job that never ran has nulls. */
export const AdminScheduleStatus = z.object({
  schedule: z.string(),
  jobs: z.array(
    z.object({
      job: z.enum(SCHEDULED_JOBS),
      runs: count,
      lastRunAt: Iso.nullable(),
      lastSuccessAt: Iso.nullable(),
      lastTrigger: z.string().nullable(),
      lastDurationMs: z.number().nullable(),
      lastRowsChanged: z.number().nullable(),
      lastWindows: z.number().nullable(),
      /** Which windows the last run rebuilt (null: it rebuilt none, or ran before they were recorded). */
      lastCoveredWindows: CoveredWindows.nullable(),
      lastError: z.object({ message: z.string(), at: Iso.nullable() }).nullable(),
    }),
  ),
});
export type AdminScheduleStatus = z.infer<typeof AdminScheduleStatus>;

/** Every refusal (401, 403, 400, 404, 409, 501). */
export const AdminError = z.object({ error: z.string() });
export type AdminError = z.infer<typeof AdminError>;
