// The monitor's routes: health, alerts, data quality, and the dead letters with their redrive.
import { AlertsResponse, DataQualityReport } from '@trustrails/contracts';
import { TimeSeriesRangeError, UnsupportedByAdapterError } from '@trustrails/warehouse';
import { listAlerts } from '../../alerts/store';
import { listDeadLetters } from '../../dead-letters/list';
import { redriveDeadLetters } from '../../dead-letters/redrive';
import { dataQuality } from '../../operations/data-quality';
import { health } from '../../monitoring/health';
import { HttpError } from '../auth';
import type { RouteHandlers } from './route-handler';

export const monitorRoutes: RouteHandlers<'health' | 'alerts' | 'dataQuality' | 'listDeadLetters' | 'redrive'> = {
  health: (deps) => health(deps.db, new Date(), deps.sweepOptions.alerts?.freshnessP95),
  alerts: async (deps) => AlertsResponse.parse(await listAlerts(deps.db)),
  dataQuality: async (deps, { query }) => {
    try {
      return DataQualityReport.parse(await dataQuality(deps.db, deps.warehouse(), query));
    } catch (error) {
      if (error instanceof TimeSeriesRangeError) throw new HttpError(400, `invalid query: ${error.message}`);
      if (error instanceof UnsupportedByAdapterError) throw new HttpError(501, error.message);
      throw error;
    }
  },
  listDeadLetters: (deps, { query }) => listDeadLetters(deps.db, query),
  redrive: async (deps, { body }, actor) => {
    const input = body.rolloverId ? { rolloverId: body.rolloverId } : { all: true as const };
    const report = await redriveDeadLetters(deps.db, deps.queue, input, actor.uid);
    if (!report) throw new HttpError(404, `no dead letter for run ${body.rolloverId}`);
    const [stuck] = report.notRedriven;
    if (body.rolloverId && stuck)
      throw new HttpError(
        409,
        `run ${body.rolloverId} is ${stuck.status}: it was re-opened already, and its dead letters resolve when it finishes`,
      );
    return report;
  },
};
