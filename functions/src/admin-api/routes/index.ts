// Every admin route's handler, by its name in the vocabulary (packages/contracts admin-routes.ts).
// Typed so that a route of the table without a handler, or a handler of no route, fails to compile.
import { auditRoutes } from './audit-routes';
import type { RouteHandlers } from './route-handler';
import { monitorRoutes } from './monitor-routes';
import { operationRoutes } from './operation-routes';
import { runRoutes } from './run-routes';

export const ROUTE_HANDLERS: RouteHandlers = { ...runRoutes, ...operationRoutes, ...monitorRoutes, ...auditRoutes };
