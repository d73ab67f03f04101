export * from './events';
export * from './etl-run';
export * from './firestore-json';
export * from './collections';
export * from './stream';
export * from './analytics';
export * from './validation';
export * from './dead-letter';
export * from './data-quality';
export * from './alert';
export * from './admin-api';
export * from './retention';
export * from './audit';
export * from './admin-requests';
export * from './admin-route-schemas';
// The vocabulary; RunAction's type comes with its schema from admin-api.
export {
  ACTION_STATES,
  ADMIN_ROUTES,
  ADMIN_ROUTE_NAMES,
  RUN_ACTION_ROUTES,
  RUN_ACTIONS,
  actionAllowed,
  adminPath,
  allowedActions,
  matchAdminRoute,
  runActionRequest,
  type AdminRouteMatch,
  type AdminRouteName,
} from './admin-routes';
export * from './freshness';
export * from './freshness-beacon';
