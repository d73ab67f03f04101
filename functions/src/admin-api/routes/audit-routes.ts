// The audit trail's routes: the whole trail, and one run's.
import { listAudit } from '../../audit/list';
import type { RouteHandlers } from './route-handler';

export const auditRoutes: RouteHandlers<'audit' | 'runAudit'> = {
  audit: (deps, { query }) => listAudit(deps.db, query),
  runAudit: (deps, { params, query }) => listAudit(deps.db, { ...query, rolloverId: params.rolloverId }),
};
