// Scheduled maintenance: the time-series re-aggregation and the sweeper, on one schedule; each run
// is recorded in etlSchedules/{job} (operations/schedule-status.ts). The schedule is the
// ETL_MAINTENANCE_SCHEDULE param as a CEL string: onSchedule takes only a string, and firebase-tools
// resolves `{{ params.… }}` in it at deploy.
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { checkSweeper } from '../alerts/check';
import { etlBulkConcurrency, sweepSettings } from '../config';
import { maintenanceSchedule } from '../params';
import { logs } from '../logs';
import { tendBackfills } from '../operations/backfill';
import { reaggregate } from '../operations/reaggregate';
import { reaggregationSummary, recordJobRun, sweepSummary } from '../operations/schedule-status';
import { sweep } from '../operations/sweep';
import { etlQueueOf } from '../etl/deployed-queue';
import { db, relationalStore } from '../runtime';
import { SCALING } from '../scaling';

export const etlReaggregate = onSchedule(
  { schedule: maintenanceSchedule.toCEL(), timeZone: 'UTC', retryCount: 1, ...SCALING.etlReaggregate },
  async () => {
    const report = await recordJobRun(
      db(),
      'reaggregate',
      'schedule',
      () => reaggregate(db(), relationalStore()),
      reaggregationSummary,
    );
    const { custodians, windows, rows, ms } = report;
    logs.reaggregationCompleted({ custodians, windows, rows, ms, failed: report.failed.length });
    // The sweeper cannot report its own silence: this job, on the same schedule, checks on it.
    await checkSweeper(db(), sweepSettings.alerts.sweeperStale, new Date());
  },
);

export const etlSweeper = onSchedule(
  { schedule: maintenanceSchedule.toCEL(), timeZone: 'UTC', retryCount: 1, ...SCALING.etlSweeper },
  async () => {
    const t0 = performance.now();
    const report = await recordJobRun(
      db(),
      'sweep',
      'schedule',
      () => sweep(db(), etlQueueOf(etlBulkConcurrency), sweepSettings),
      sweepSummary,
    );
    logs.sweepCompleted({ ...report, ms: Math.round(performance.now() - t0) });
    await tendBackfills(db(), relationalStore(), etlQueueOf(etlBulkConcurrency));
  },
);
