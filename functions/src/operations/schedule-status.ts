// What each scheduled job did last: etlSchedules/{job} holds its last run time, last success, last
// error, duration, rows changed and windows covered, whether the schedule or an admin started it.
// The /etl page shows them (GET /schedules).
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  CoveredWindows,
  SCHEDULED_JOBS,
  type AdminScheduleStatus,
  type SweepReport,
} from '@trustrails/contracts';
import { maintenanceSchedule } from '../config';

export { SCHEDULED_JOBS };
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

/** What a run changed, and the failure it reports without throwing (e.g. failed custodians). */
export interface JobSummary {
  rowsChanged: number;
  windows: number;
  /** Which windows, capped in the report already (etlSchedules documents stay small). */
  covered: CoveredWindows | null;
  error: string | null;
}

/** Runs `work` and records how it went; a thrown error is recorded and rethrown. */
export async function recordJobRun<T>(
  db: Firestore,
  job: ScheduledJob,
  trigger: 'schedule' | 'admin',
  work: () => Promise<T>,
  summarize: (result: T) => JobSummary,
): Promise<T> {
  const startedAt = Timestamp.now();
  const t0 = performance.now();
  const ref = db.collection(COLLECTIONS.etlSchedules).doc(job);
  const base = { job, lastRunAt: startedAt, lastTrigger: trigger, runs: FieldValue.increment(1) };
  try {
    const result = await work();
    const summary = summarize(result);
    await ref.set(
      {
        ...base,
        lastDurationMs: Math.round(performance.now() - t0),
        lastRowsChanged: summary.rowsChanged,
        lastWindows: summary.windows,
        lastCoveredWindows: summary.covered,
        lastError: summary.error ? { message: summary.error, at: startedAt } : null,
        ...(summary.error ? {} : { lastSuccessAt: startedAt }),
      },
      { merge: true },
    );
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ref.set(
      { ...base, lastDurationMs: Math.round(performance.now() - t0), lastError: { message, at: startedAt } },
      { merge: true },
    );
    throw error;
  }
}

const iso = (value: unknown): string | null => (value instanceof Timestamp ? value.toDate().toISOString() : null);

/** Every scheduled job's last run as the admin API sends it; a job that never ran has nulls. */
export async function scheduleStatus(db: Firestore): Promise<AdminScheduleStatus> {
  const docs = await db.getAll(...SCHEDULED_JOBS.map((job) => db.collection(COLLECTIONS.etlSchedules).doc(job)));
  return {
    schedule: maintenanceSchedule,
    jobs: docs.map((doc, i) => {
      const d = doc.data() ?? {};
      const lastError = d.lastError as { message?: string; at?: unknown } | null | undefined;
      return {
        job: SCHEDULED_JOBS[i]!,
        runs: typeof d.runs === 'number' ? d.runs : 0,
        lastRunAt: iso(d.lastRunAt),
        lastSuccessAt: iso(d.lastSuccessAt),
        lastTrigger: typeof d.lastTrigger === 'string' ? d.lastTrigger : null,
        lastDurationMs: typeof d.lastDurationMs === 'number' ? d.lastDurationMs : null,
        lastRowsChanged: typeof d.lastRowsChanged === 'number' ? d.lastRowsChanged : null,
        lastWindows: typeof d.lastWindows === 'number' ? d.lastWindows : null,
        // A record written before windows were listed has none.
        lastCoveredWindows: CoveredWindows.safeParse(d.lastCoveredWindows).data ?? null,
        lastError: lastError ? { message: String(lastError.message ?? ''), at: iso(lastError.at) } : null,
      };
    }),
  };
}

/** A re-aggregation's summary: its failed custodians are its error. */
export const reaggregationSummary = (report: {
  windows: number;
  covered: CoveredWindows;
  rows: number;
  failed: { custodianId: string; reason: string }[];
}): JobSummary => ({
  rowsChanged: report.rows,
  windows: report.windows,
  covered: report.covered,
  error: report.failed.length
    ? `${report.failed.length} custodian(s) failed: ${report.failed.map((f) => `${f.custodianId}: ${f.reason}`).join('; ')}`
    : null,
});

/** A sweep's summary: the runs it re-delivered or re-opened count as its rows. */
export const sweepSummary = (
  report: Pick<SweepReport, 'expiredLeases' | 'stalePending' | 'missedTriggers' | 'reopened'>,
): JobSummary => ({
  rowsChanged: report.expiredLeases + report.stalePending + report.missedTriggers + report.reopened,
  windows: 0,
  covered: null,
  error: null,
});
