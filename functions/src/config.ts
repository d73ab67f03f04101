// Run-time settings of the functions, declared once, each with a description, and checked when
// the code loads: a bad value throws with what is valid. They are environment variables (set per
// project in functions/.env.<project>): they change what the code does, not what is deployed.
// Everything a deploy applies (instances, concurrency, memory, timeouts, schedule, pool size, service
// accounts, region, the Cloud SQL instance) is a Firebase param instead: params.ts.
import { fn, maintenanceSchedule as scheduleParam, valueOf } from './params';
import { FRESHNESS_OBJECTIVE_MS } from '@trustrails/contracts';
import { retentionRunsDays } from './retention-settings';
import { booleanSetting, intSetting, originSetting } from './setting-readers';

export { retentionDays } from './retention-settings';

export const etlRunDetailLogs = booleanSetting({
  name: 'ETL_RUN_DETAIL_LOGS',
  description:
    "Write each rollover's step lines (etl.runClaimed, etl.runStarted, etl.phaseCompleted, …) at debug severity. Off, a rollover that completes logs one info line, etl.runFinished, which carries every phase's timing; warnings and errors are written either way. Every line is relayed by the emulator and billed by Cloud Logging, so turn it on to follow single runs, not by default.",
  default: false,
});

export const etlMaxAttempts = intSetting({
  name: 'ETL_MAX_ATTEMPTS',
  description: 'Deliveries of one ETL message before the run is dead-lettered and marked ERROR.',
  default: 5,
  min: 1,
  max: 100,
});

/** The ETL workers' timeouts (params): a lease must end before the worker is killed. */
const etlWorkerTimeoutSeconds = Math.min(
  valueOf(fn.etlWorker.timeoutSeconds),
  valueOf(fn.etlBulkWorker.timeoutSeconds),
);

export const etlLeaseSeconds = intSetting({
  name: 'ETL_LEASE_SECONDS',
  description:
    'How long a worker owns a RUNNING run before the sweeper may hand it to another delivery. The worker renews it on a timer every quarter of it for as long as its attempt runs, during a phase as well as between phases, so a live worker loses its run only when its renewals fail for three quarters of it; then fencing turns its writes into no-ops and it stops at the next phase boundary. It must not exceed ETL_WORKER_TIMEOUT_SECONDS (nor ETL_BULK_WORKER_TIMEOUT_SECONDS): a longer lease only delays the recovery of a run whose worker was killed.',
  default: 60,
  min: 2,
  max: 540,
});
if (etlLeaseSeconds > etlWorkerTimeoutSeconds) {
  throw new Error(
    `ETL_LEASE_SECONDS=${etlLeaseSeconds} is not valid with the workers' timeout of ${etlWorkerTimeoutSeconds} s (ETL_WORKER_TIMEOUT_SECONDS, ETL_BULK_WORKER_TIMEOUT_SECONDS): use a lease from 2 to ${etlWorkerTimeoutSeconds} seconds (the worker renews it while it runs).`,
  );
}

/** The worker renews its lease each time this much of it has passed, mid-phase too (see ETL_LEASE_SECONDS). */
export const LEASE_RENEW_FRACTION = 0.25;

export const etlBulkConcurrency = intSetting({
  name: 'ETL_BULK_CONCURRENCY',
  description:
    "Bulk-lane runs (backfills, admin retries, dead-letter redrives, the sweeper's re-openings) dispatched at once: each holds one slot until it settles, then hands it to the oldest waiting bulk run. Live rollovers never wait for the lane.",
  default: 3,
  min: 1,
  max: 50,
});

export const sweepPendingAfterSeconds = intSetting({
  name: 'ETL_SWEEP_PENDING_AFTER_SECONDS',
  description:
    'A PENDING run older than this is re-enqueued by the sweeper (a bulk run counts from its dispatch; one waiting for a slot is never re-enqueued).',
  default: 120,
  min: 1,
  max: 86_400,
});

export const sweepLookbackHours = intSetting({
  name: 'ETL_SWEEP_LOOKBACK_HOURS',
  description: 'How far back the sweeper looks for rollover.completed events that never got a run.',
  default: 48,
  min: 1,
  max: 24 * 90,
});

export const adminAuthCacheSeconds = intSetting({
  name: 'ETL_ADMIN_AUTH_CACHE_SECONDS',
  description:
    'How long etlAdmin trusts a verified ID token before checking revocation, disabled users and the admin claim again (0 = every request).',
  default: 30,
  min: 0,
  max: 30,
});

/**
 * The one browser origin allowed to call etlAdmin directly (CORS). The dashboard calls the admin API
 * server-side through its /api/admin/etl proxy, so this matters only to browser callers; unset in
 * production means none. In the emulator it defaults to the local web app, http://localhost:3000
 * shifted by STACK_PORT_OFFSET like every port of the local stack.
 */
export const adminWebOrigin = originSetting(
  'ETL_ADMIN_WEB_ORIGIN',
  'The web origin (scheme://host[:port]) whose pages may call etlAdmin from the browser.',
  process.env.FUNCTIONS_EMULATOR === 'true'
    ? `http://localhost:${3000 + Number(process.env.STACK_PORT_OFFSET ?? 0)}`
    : null,
);

export const reopenBaseSeconds = intSetting({
  name: 'ETL_REOPEN_BASE_SECONDS',
  description:
    'The sweeper re-opens an ERROR run whose failure was retryable (e.g. a warehouse outage longer than the attempt budget) this long after it failed, doubling the wait after each re-opening.',
  default: 300,
  min: 1,
  max: 86_400,
});

export const reopenMaxSeconds = intSetting({
  name: 'ETL_REOPEN_MAX_SECONDS',
  description: 'The longest wait between two automatic re-openings of one run (caps the doubling).',
  default: 3_600,
  min: 1,
  max: 86_400,
});
if (reopenMaxSeconds < reopenBaseSeconds) {
  throw new Error(
    `ETL_REOPEN_MAX_SECONDS=${reopenMaxSeconds} is not valid with ETL_REOPEN_BASE_SECONDS=${reopenBaseSeconds}: use a cap from ${reopenBaseSeconds} to 86400.`,
  );
}

export const maxReopenings = intSetting({
  name: 'ETL_MAX_REOPENINGS',
  description:
    'Automatic re-openings of one ERROR run by the sweeper before it waits for an admin (0 turns them off); an admin retry starts the count again.',
  default: 10,
  min: 0,
  max: 1_000,
});

// Health thresholds the sweeper checks on every sweep (functions/src/alerts): a condition whose
// figure is above its threshold opens an alert in etlAlerts; back at or under it, the alert resolves.
export const alertPendingRuns = intSetting({
  name: 'ETL_ALERT_PENDING_RUNS',
  description:
    'An alert (pendingCount) opens when more live-lane runs than this are PENDING; the bulk lane has its own threshold, ETL_ALERT_BULK_PENDING_RUNS.',
  default: 500,
  min: 0,
  max: 1_000_000,
});

export const alertBulkPendingRuns = intSetting({
  name: 'ETL_ALERT_BULK_PENDING_RUNS',
  description:
    'An alert (bulkPendingCount) opens when more bulk-lane runs (backfills, retries, redrives, re-openings) than this are PENDING: a backlog beyond the largest backfill the lane is sized for (bench:backfill queues 50,000).',
  default: 50_000,
  min: 0,
  max: 10_000_000,
});

export const alertOldestPendingSeconds = intSetting({
  name: 'ETL_ALERT_OLDEST_PENDING_SECONDS',
  description:
    'An alert (oldestPendingAge) opens when a live-lane run has been PENDING longer than this, counted from when it last became PENDING (its claim or re-open), not from when it was created.',
  default: 900,
  min: 1,
  max: 7 * 86_400,
});

/** When the re-aggregation and the sweeper run (Cloud Scheduler syntax), as deployed. */
export const maintenanceSchedule = valueOf(scheduleParam);
if (!/^(every \d+ (minutes|hours)|[\d*/,-]+( [\d*/,-]+){4})$/.test(maintenanceSchedule)) {
  throw new Error(
    `ETL_MAINTENANCE_SCHEDULE="${maintenanceSchedule}" is not valid: use "every N minutes", "every N hours" or a 5-field cron expression.`,
  );
}

/**
 * The longest gap between two runs of a schedule, in seconds: exact for "every N minutes|hours"
 * and for cron expressions that fire every N minutes ("*\/N * * * *") or hourly ("M * * * *");
 * a day for any other cron expression (set ETL_ALERT_SWEEPER_STALE_SECONDS for those).
 */
export function scheduleIntervalSeconds(schedule: string): number {
  const every = /^every (\d+) (minutes|hours)$/.exec(schedule);
  if (every) return Number(every[1]) * (every[2] === 'hours' ? 3_600 : 60);
  const [minute, ...rest] = schedule.split(' ');
  if (rest.every((field) => field === '*')) {
    const step = /^\*\/(\d+)$/.exec(minute ?? '');
    if (minute === '*') return 60;
    if (step) return Number(step[1]) * 60;
    if (/^\d+$/.test(minute ?? '')) return 3_600;
  }
  return 86_400;
}

export const alertSweeperStaleSeconds = intSetting({
  name: 'ETL_ALERT_SWEEPER_STALE_SECONDS',
  description:
    'An alert (sweeperStale) opens when the sweeper has not completed for longer than this; checked by the scheduled re-aggregation, resolved by the next completed sweep. Defaults to two intervals of ETL_MAINTENANCE_SCHEDULE.',
  default: 2 * scheduleIntervalSeconds(maintenanceSchedule),
  min: 60,
  max: 7 * 86_400,
});

export const alertP95ProcessingMs = intSetting({
  name: 'ETL_ALERT_P95_PROCESSING_MS',
  description:
    'An alert opens when the 95th percentile of processing time over the last 200 finished runs exceeds this.',
  default: 30_000,
  min: 1,
  max: 3_600_000,
});

export const alertFreshnessP95Ms = intSetting({
  name: 'ETL_ALERT_FRESHNESS_P95_MS',
  description:
    "An alert (freshnessP95) opens when the 95th percentile of etl.completed commit -> the dashboard's cards rendering it, as browsers reported it over the last hour, exceeds this; /etl shows it as the objective.",
  default: FRESHNESS_OBJECTIVE_MS,
  min: 1,
  max: 600_000,
});

export const alertFailuresPerHour = intSetting({
  name: 'ETL_ALERT_FAILURES_PER_HOUR',
  description: 'An alert opens when more runs than this went ERROR in the last hour.',
  default: 10,
  min: 0,
  max: 1_000_000,
});

export const alertDeadLetters = intSetting({
  name: 'ETL_ALERT_DEAD_LETTERS',
  description:
    'An alert (deadLetters) opens when more dead letters than this are open (DEAD, or REDRIVEN with the run not finished yet); 0 means any open letter.',
  default: 0,
  min: 0,
  max: 1_000_000,
});

if (retentionRunsDays * 24 <= sweepLookbackHours) {
  throw new Error(
    `ETL_RETENTION_RUNS_DAYS=${retentionRunsDays} is not valid with ETL_SWEEP_LOOKBACK_HOURS=${sweepLookbackHours}: keep runs longer than the sweeper looks back (more than ${Math.floor(sweepLookbackHours / 24)} days).`,
  );
}

/** What the sweeper acts on, from the settings above; shared by the scheduled and the admin sweep. */
export const sweepSettings = {
  pendingAfterMs: sweepPendingAfterSeconds * 1000,
  lookbackMs: sweepLookbackHours * 3_600_000,
  reopen: {
    baseDelayMs: reopenBaseSeconds * 1000,
    maxDelayMs: reopenMaxSeconds * 1000,
    maxReopenings,
  },
  alerts: {
    pendingCount: alertPendingRuns,
    bulkPendingCount: alertBulkPendingRuns,
    oldestPendingAge: alertOldestPendingSeconds * 1000,
    processingTimeP95: alertP95ProcessingMs,
    failuresPerHour: alertFailuresPerHour,
    deadLetters: alertDeadLetters,
    sweeperStale: alertSweeperStaleSeconds * 1000,
    freshnessP95: alertFreshnessP95Ms,
  },
};

/**
 * Test hook of the fault-injection suites (etl/fault-injection.ts): on only with
 * ETL_FAULT_INJECTION=1, which only the test stack sets, so production never pays the extra read.
 */
export const etlFaultInjection = process.env.ETL_FAULT_INJECTION === '1';

export const ETL_VERSION = '1.0.0';
