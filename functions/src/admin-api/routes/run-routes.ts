// The routes of one run or a list of them: list, detail, status counts, the run actions on its path
// (cancel, resume, requeue, reprocess: docs/run-states.md), and retry and pause, which name the run in the body.
import { HttpError } from '../auth';
import { ACTION_STATES } from '@trustrails/contracts';
import { controlRun, type RunControl } from '../../operations/run-controls';
import { pauseEtl } from '../../operations/control';
import { pauseRun, retryAllFailed, retryOne } from '../../operations/retry-runs';
import { getRun, listRuns, statusCounts } from '../../operations/runs-query';
import type { RouteHandler, RouteHandlers } from './route-handler';

/** A run action on the run's own path: a state that does not allow it gets 409. */
const control =
  (action: RunControl): RouteHandler<'cancelRun' | 'resumeRun' | 'requeueRun' | 'reprocessRun'> =>
  async (deps, { params }) => {
    const id = params.rolloverId;
    const result = await controlRun(deps.db, deps.queue, action, id);
    if (result.kind === 'not-found') throw new HttpError(404, `no run ${id}`);
    if (result.kind === 'refused')
      throw new HttpError(
        409,
        `run ${id} is ${result.status}; ${action} applies only to ${result.allowedFrom.join(' or ')} runs`,
      );
    return { rolloverId: id, action, status: result.status };
  };

export const runRoutes: RouteHandlers<
  'listRuns' | 'getRun' | 'statusCounts' | 'cancelRun' | 'resumeRun' | 'requeueRun' | 'reprocessRun' | 'retry' | 'pause'
> = {
  listRuns: (deps, { query }) => listRuns(deps.db, query),
  getRun: async (deps, { params }) => {
    const run = await getRun(deps.db, params.rolloverId);
    if (!run) throw new HttpError(404, `no run ${params.rolloverId}`);
    return run;
  },
  statusCounts: (deps, { body }) => statusCounts(deps.db, body.rolloverIds),
  cancelRun: control('cancel'),
  resumeRun: control('resume'),
  requeueRun: control('requeue'),
  reprocessRun: control('reprocess'),
  retry: async (deps, { body }) => {
    if (body.allFailed) return retryAllFailed(deps.db, deps.queue);
    const outcome = await retryOne(deps.db, deps.queue, body.rolloverId!);
    if (!outcome) throw new HttpError(404, `no run ${body.rolloverId}`);
    if (!outcome.retried)
      throw new HttpError(
        409,
        `run ${body.rolloverId} is ${outcome.status}; only ${ACTION_STATES.retry.join(' or ')} runs can be retried`,
      );
    return outcome;
  },
  // {} pauses the whole ETL; {rolloverId} holds one run back.
  pause: async (deps, { body }, actor) => {
    if (!body.rolloverId) return pauseEtl(deps.db, actor.uid);
    const outcome = await pauseRun(deps.db, body.rolloverId);
    if (!outcome) throw new HttpError(404, `no run ${body.rolloverId}`);
    if (outcome.status !== 'PAUSED')
      throw new HttpError(
        409,
        `run ${body.rolloverId} is ${outcome.status}; only ${ACTION_STATES.pause.join(' or ')} runs can be paused`,
      );
    return outcome;
  },
};
