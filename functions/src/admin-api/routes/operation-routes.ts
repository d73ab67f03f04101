// The routes of the ETL as a whole: resume, the sweeper and the re-aggregation run now, the
// schedules' record, and backfill jobs.
import type { AdminSweepReport } from '@trustrails/contracts';
import { TimeSeriesRangeError } from '@trustrails/warehouse';
import { checkSweeper } from '../../alerts/check';
import { backfill, getBackfill, recentBackfills, tendBackfills } from '../../operations/backfill';
import { resumeEtl } from '../../operations/control';
import { reaggregate } from '../../operations/reaggregate';
import { reaggregationSummary, recordJobRun, scheduleStatus, sweepSummary } from '../../operations/schedule-status';
import { sweep } from '../../operations/sweep';
import { HttpError } from '../auth';
import type { RouteHandlers } from './route-handler';

export const operationRoutes: RouteHandlers<
  'resume' | 'sweep' | 'reaggregate' | 'schedules' | 'backfill' | 'listBackfills' | 'getBackfill'
> = {
  resume: (deps, _input, actor) => resumeEtl(deps.db, deps.queue, actor.uid),
  sweep: async (deps) => {
    const report = await recordJobRun(
      deps.db,
      'sweep',
      'admin',
      () => sweep(deps.db, deps.queue, deps.sweepOptions),
      sweepSummary,
    );
    return {
      ...report,
      backfills: await tendBackfills(deps.db, deps.warehouse(), deps.queue),
    } satisfies AdminSweepReport;
  },
  reaggregate: async (deps, { body }) => {
    const options = {
      ...(body.custodianId ? { custodianIds: [body.custodianId] } : {}),
      ...(body.force ? { force: true } : {}),
      ...(body.from && body.to
        ? { range: { from: body.from, to: body.to, ...(body.granularity ? { granularity: body.granularity } : {}) } }
        : {}),
    };
    try {
      const report = await recordJobRun(
        deps.db,
        'reaggregate',
        'admin',
        () => reaggregate(deps.db, deps.warehouse(), options),
        reaggregationSummary,
      );
      // As the scheduled re-aggregation does: is the sweeper still completing?
      if (deps.sweepOptions.alerts) await checkSweeper(deps.db, deps.sweepOptions.alerts.sweeperStale, new Date());
      return report;
    } catch (error) {
      if (error instanceof TimeSeriesRangeError) throw new HttpError(400, `invalid body: ${error.message}`);
      throw error;
    }
  },
  schedules: (deps) => scheduleStatus(deps.db),
  backfill: (deps, { body }) => backfill(deps.db, deps.warehouse(), deps.queue, body),
  listBackfills: async (deps) => ({ backfills: await recentBackfills(deps.db) }),
  getBackfill: async (deps, { params }) => {
    const job = await getBackfill(deps.db, params.backfillId);
    if (!job) throw new HttpError(404, `no backfill ${params.backfillId}`);
    return job;
  },
};
