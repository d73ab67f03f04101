// The admin API as a plain handler over (method, path, query, body, authorization), so it can be
// tested without the HTTPS runtime. Routes:
//   GET  /runs            list, filtered by status, custodianId, from, to; paginated
//   POST /runs/:id/cancel   a RUNNING run stops at the next phase boundary, PAUSED at a checkpoint
//   POST /runs/:id/resume   a PAUSED run goes on after its checkpoint
//   POST /runs/:id/requeue  a RUNNING run (stuck) back to PENDING with a new claim; 409 from any other state
//   GET  /runs/:id        one run: phases, attempts, source events, etl.completed/failed payloads, allowed actions
//   POST /runs/status     {rolloverIds} → counts by status (progress of a backfill)
//   POST /retry           {rolloverId} or {allFailed: true}
//   POST /backfill        {from, to, custodianId?}: a job that queues its range in chunks
//   GET  /backfills       recent backfill jobs; GET /backfills/:id one job's progress
//   POST /pause {}        the whole ETL; {rolloverId}: hold one PENDING or ERROR run as PAUSED
//   POST /resume          the whole ETL (a PAUSED run moves on only by POST /retry)
//   POST /sweep           run the sweeper now
//   POST /reaggregate     rebuild every window changed since the last run, per custodian, now;
//                         {custodianId?, force?} or {from, to, granularity?, custodianId?} narrow or widen it
//   GET  /schedules       each scheduled job's last run, success, error, duration, rows and windows
//   GET  /dead-letters    ?status=open|resolved&pageSize&pageToken: the dead letters, newest first
//   POST /dead-letters/redrive  {rolloverId} or {all: true}: re-open dead-lettered runs; resolve letters of finished or gone runs
//   GET  /alerts          open alerts and those resolved in the last 24 h (the sweeper keeps them)
//   GET  /health          queue depth, oldest pending, failures last hour, processing times
//   GET  /data-quality    ?granularity&from&to: per period, the share of transfers with each optional field; etl.failed by reason
import type { Firestore } from 'firebase-admin/firestore';
import { TimeSeriesRangeError, UnsupportedByAdapterError, type Warehouse } from '@trustrails/warehouse';
import {
  AlertsResponse,
  DataQualityReport,
  describeZodError,
  type AdminRunControlOutcome,
  type AdminSweepReport,
} from '@trustrails/contracts';
import type { z } from 'zod';
import type { EtlQueue } from '../etl/enqueue';
import { checkSweeper } from '../alerts/check';
import { listAlerts } from '../alerts/store';
import { listDeadLetters } from '../dead-letters/list';
import { redriveDeadLetters } from '../dead-letters/redrive';
import { backfill, getBackfill, recentBackfills, tendBackfills } from '../operations/backfill';
import { dataQuality } from '../operations/data-quality';
import { pauseEtl, resumeEtl } from '../operations/control';
import { reaggregate } from '../operations/reaggregate';
import { reaggregationSummary, recordJobRun, scheduleStatus, sweepSummary } from '../operations/schedule-status';
import { controlRun, type RunControl } from '../operations/run-controls';
import { pauseRun, retryAllFailed, retryOne } from '../operations/retry-runs';
import { getRun, health, listRuns, statusCounts } from '../operations/runs-query';
import { sweep, type SweepOptions } from '../operations/sweep';
import { HttpError, requireAdmin } from './auth';
import {
  BackfillBody,
  BackfillIdSegment,
  DataQualityQuery,
  EmptyBody,
  ListDeadLettersQuery,
  ListRunsQuery,
  PauseBody,
  ReaggregateBody,
  RedriveBody,
  RetryBody,
  RunIdSegment,
  StatusCountsBody,
} from './schemas';

export interface AdminDeps {
  db: Firestore;
  warehouse: () => Warehouse;
  queue: EtlQueue;
  sweepOptions: SweepOptions;
}

export interface AdminRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  authorization: string | undefined;
}

export interface AdminResponse {
  status: number;
  body: unknown;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new HttpError(400, `invalid ${where}: ${describeZodError(result.error).message}`);
  return result.data;
}

/** One run's controls (docs/run-states.md): a state that does not allow the action gets 409. */
const RUN_CONTROL_ROUTES: [RegExp, RunControl][] = [
  [/^POST \/runs\/([^/]+)\/cancel$/, 'cancel'],
  [/^POST \/runs\/([^/]+)\/resume$/, 'resume'],
  [/^POST \/runs\/([^/]+)\/requeue$/, 'requeue'],
];

export async function handleAdminRequest(deps: AdminDeps, request: AdminRequest): Promise<AdminResponse> {
  try {
    const { uid } = await requireAdmin(request.authorization);
    const route = `${request.method.toUpperCase()} ${request.path.replace(/\/+$/, '') || '/'}`;
    for (const [pattern, action] of RUN_CONTROL_ROUTES) {
      const match = pattern.exec(route);
      if (!match) continue;
      const id = parse(RunIdSegment, match[1]!, 'run id');
      parse(EmptyBody, request.body, 'body');
      const result = await controlRun(deps.db, deps.queue, action, id);
      if (result.kind === 'not-found') throw new HttpError(404, `no run ${id}`);
      if (result.kind === 'refused')
        throw new HttpError(
          409,
          `run ${id} is ${result.status}; ${action} applies only to ${result.allowedFrom.join(' or ')} runs`,
        );
      return {
        status: 200,
        body: { rolloverId: id, action, status: result.status } satisfies AdminRunControlOutcome,
      };
    }
    const backfillMatch = /^GET \/backfills\/([^/]+)$/.exec(route);
    if (backfillMatch) {
      const id = parse(BackfillIdSegment, backfillMatch[1]!, 'backfill id');
      const job = await getBackfill(deps.db, id);
      if (!job) throw new HttpError(404, `no backfill ${id}`);
      return { status: 200, body: job };
    }
    const runMatch = /^GET \/runs\/([^/]+)$/.exec(route);
    if (runMatch) {
      const id = parse(RunIdSegment, runMatch[1]!, 'run id');
      const run = await getRun(deps.db, id);
      if (!run) throw new HttpError(404, `no run ${id}`);
      return { status: 200, body: run };
    }
    switch (route) {
      case 'GET /runs':
        return { status: 200, body: await listRuns(deps.db, parse(ListRunsQuery, request.query, 'query')) };
      case 'POST /runs/status': {
        const body = parse(StatusCountsBody, request.body, 'body');
        return { status: 200, body: await statusCounts(deps.db, body.rolloverIds) };
      }
      case 'GET /health':
        return { status: 200, body: await health(deps.db, new Date(), deps.sweepOptions.alerts?.freshnessP95) };
      case 'GET /alerts':
        return { status: 200, body: AlertsResponse.parse(await listAlerts(deps.db)) };
      case 'GET /data-quality': {
        const query = parse(DataQualityQuery, request.query, 'query');
        try {
          return { status: 200, body: DataQualityReport.parse(await dataQuality(deps.db, deps.warehouse(), query)) };
        } catch (error) {
          if (error instanceof TimeSeriesRangeError) throw new HttpError(400, `invalid query: ${error.message}`);
          if (error instanceof UnsupportedByAdapterError) throw new HttpError(501, error.message);
          throw error;
        }
      }
      case 'POST /retry': {
        const body = parse(RetryBody, request.body, 'body');
        if (body.allFailed) return { status: 200, body: await retryAllFailed(deps.db, deps.queue) };
        const outcome = await retryOne(deps.db, deps.queue, body.rolloverId!);
        if (!outcome) throw new HttpError(404, `no run ${body.rolloverId}`);
        if (!outcome.retried)
          throw new HttpError(
            409,
            `run ${body.rolloverId} is ${outcome.status}; only ERROR or PAUSED runs can be retried`,
          );
        return { status: 200, body: outcome };
      }
      case 'POST /backfill':
        return {
          status: 200,
          body: await backfill(deps.db, deps.warehouse(), deps.queue, parse(BackfillBody, request.body, 'body')),
        };
      case 'GET /backfills':
        return { status: 200, body: { backfills: await recentBackfills(deps.db) } };
      case 'POST /pause': {
        const body = parse(PauseBody, request.body, 'body');
        if (!body.rolloverId) return { status: 200, body: await pauseEtl(deps.db, uid) };
        const outcome = await pauseRun(deps.db, body.rolloverId);
        if (!outcome) throw new HttpError(404, `no run ${body.rolloverId}`);
        if (outcome.status !== 'PAUSED')
          throw new HttpError(
            409,
            `run ${body.rolloverId} is ${outcome.status}; only PENDING or ERROR runs can be paused`,
          );
        return { status: 200, body: outcome };
      }
      case 'POST /resume':
        parse(EmptyBody, request.body, 'body');
        return { status: 200, body: await resumeEtl(deps.db, deps.queue, uid) };
      case 'POST /sweep': {
        parse(EmptyBody, request.body, 'body');
        const report = await recordJobRun(
          deps.db,
          'sweep',
          'admin',
          () => sweep(deps.db, deps.queue, deps.sweepOptions),
          sweepSummary,
        );
        return {
          status: 200,
          body: {
            ...report,
            backfills: await tendBackfills(deps.db, deps.warehouse(), deps.queue),
          } satisfies AdminSweepReport,
        };
      }
      case 'POST /dead-letters/redrive': {
        const body = parse(RedriveBody, request.body, 'body');
        const input = body.rolloverId ? { rolloverId: body.rolloverId } : { all: true as const };
        const report = await redriveDeadLetters(deps.db, deps.queue, input, uid);
        if (!report) throw new HttpError(404, `no dead letter for run ${body.rolloverId}`);
        const [stuck] = report.notRedriven;
        if (body.rolloverId && stuck)
          throw new HttpError(
            409,
            `run ${body.rolloverId} is ${stuck.status}: it was re-opened already, and its dead letters resolve when it finishes`,
          );
        return { status: 200, body: report };
      }
      case 'GET /dead-letters':
        return {
          status: 200,
          body: await listDeadLetters(deps.db, parse(ListDeadLettersQuery, request.query, 'query')),
        };
      case 'POST /reaggregate': {
        const body = parse(ReaggregateBody, request.body, 'body');
        const options = {
          ...(body.custodianId ? { custodianIds: [body.custodianId] } : {}),
          ...(body.force ? { force: true } : {}),
          ...(body.from && body.to
            ? {
                range: { from: body.from, to: body.to, ...(body.granularity ? { granularity: body.granularity } : {}) },
              }
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
          return { status: 200, body: report };
        } catch (error) {
          if (error instanceof TimeSeriesRangeError) throw new HttpError(400, `invalid body: ${error.message}`);
          throw error;
        }
      }
      case 'GET /schedules':
        return { status: 200, body: await scheduleStatus(deps.db) };
      default:
        throw new HttpError(404, `no route ${route}`);
    }
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}
