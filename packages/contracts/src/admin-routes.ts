// The admin API's vocabulary, declared once: every route (name, method, path pattern, whether it
// acts) and every run action (its route and the run states it starts from). The handler dispatches
// from this table, the web proxy forwards only its routes, the run page builds its buttons' requests
// and the CLI its calls from it. No zod here, so the browser can import it (see phases.ts); each
// route's request and answer schemas are keyed by the same names in admin-route-schemas.ts.
import { RUN_STATES, type RunState } from './run-states';

/**
 * Each route: its method, its path (`:name` is one path segment, an id), and `acts`: whether it
 * changes anything. Every call of an acting route is recorded in the audit trail (docs/contracts/api.md).
 */
export const ADMIN_ROUTES = Object.freeze({
  listRuns: { method: 'GET', path: '/runs', acts: false },
  getRun: { method: 'GET', path: '/runs/:rolloverId', acts: false },
  runAudit: { method: 'GET', path: '/runs/:rolloverId/audit', acts: false },
  cancelRun: { method: 'POST', path: '/runs/:rolloverId/cancel', acts: true },
  resumeRun: { method: 'POST', path: '/runs/:rolloverId/resume', acts: true },
  requeueRun: { method: 'POST', path: '/runs/:rolloverId/requeue', acts: true },
  reprocessRun: { method: 'POST', path: '/runs/:rolloverId/reprocess', acts: true },
  statusCounts: { method: 'POST', path: '/runs/status', acts: false },
  health: { method: 'GET', path: '/health', acts: false },
  alerts: { method: 'GET', path: '/alerts', acts: false },
  dataQuality: { method: 'GET', path: '/data-quality', acts: false },
  schedules: { method: 'GET', path: '/schedules', acts: false },
  retry: { method: 'POST', path: '/retry', acts: true },
  backfill: { method: 'POST', path: '/backfill', acts: true },
  listBackfills: { method: 'GET', path: '/backfills', acts: false },
  getBackfill: { method: 'GET', path: '/backfills/:backfillId', acts: false },
  pause: { method: 'POST', path: '/pause', acts: true },
  resume: { method: 'POST', path: '/resume', acts: true },
  sweep: { method: 'POST', path: '/sweep', acts: true },
  listDeadLetters: { method: 'GET', path: '/dead-letters', acts: false },
  redrive: { method: 'POST', path: '/dead-letters/redrive', acts: true },
  reaggregate: { method: 'POST', path: '/reaggregate', acts: true },
  audit: { method: 'GET', path: '/audit', acts: false },
} as const satisfies Record<string, { method: 'GET' | 'POST'; path: `/${string}`; acts: boolean }>);

export type AdminRouteName = keyof typeof ADMIN_ROUTES;
export const ADMIN_ROUTE_NAMES = Object.freeze(Object.keys(ADMIN_ROUTES) as AdminRouteName[]);

/**
 * The actions an admin can take on one run: the route that does it and the states it starts from
 * (docs/run-states.md). A run action whose route has `:rolloverId` names the run in its path; the
 * others (retry, pause) take `{rolloverId}` as their body. A new action is one line here (and one
 * route above); the run page offers it wherever its run detail's allowedActions lists it.
 */
export const RUN_ACTION_ROUTES = Object.freeze({
  retry: { route: 'retry', from: [RUN_STATES.ERROR, RUN_STATES.PAUSED] },
  pause: { route: 'pause', from: [RUN_STATES.PENDING, RUN_STATES.ERROR] },
  cancel: { route: 'cancelRun', from: [RUN_STATES.RUNNING] },
  resume: { route: 'resumeRun', from: [RUN_STATES.PAUSED] },
  requeue: { route: 'requeueRun', from: [RUN_STATES.RUNNING] },
  reprocess: { route: 'reprocessRun', from: [RUN_STATES.FINISHED] },
} as const satisfies Record<string, { route: AdminRouteName; from: readonly RunState[] }>);

export type RunAction = keyof typeof RUN_ACTION_ROUTES;
export const RUN_ACTIONS = Object.freeze(Object.keys(RUN_ACTION_ROUTES) as RunAction[]);

/** The states each run action starts from. */
const actionStates = {} as Record<RunAction, readonly RunState[]>;
for (const action of RUN_ACTIONS) actionStates[action] = RUN_ACTION_ROUTES[action].from;
export const ACTION_STATES: Readonly<Record<RunAction, readonly RunState[]>> = Object.freeze(actionStates);

export const actionAllowed = (action: RunAction, status: RunState): boolean => ACTION_STATES[action].includes(status);

/** What an admin may do to a run in this state. */
export const allowedActions = (status: RunState): RunAction[] =>
  RUN_ACTIONS.filter((action) => actionAllowed(action, status));

/** A route's path with its `:name` segments filled in, each percent-encoded. */
export function adminPath(name: AdminRouteName, params: Record<string, string> = {}): string {
  return ADMIN_ROUTES[name].path.replace(/:(\w+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
}

/** The request that takes `action` on run `rolloverId`: its route, method, path (with params) and body. */
export function runActionRequest(
  action: RunAction,
  rolloverId: string,
): {
  route: AdminRouteName;
  method: 'GET' | 'POST';
  path: string;
  params: Record<string, string>;
  body: Record<string, string>;
} {
  const route = RUN_ACTION_ROUTES[action].route;
  const inPath = ADMIN_ROUTES[route].path.includes(':rolloverId');
  const params: Record<string, string> = inPath ? { rolloverId } : {};
  return {
    route,
    method: ADMIN_ROUTES[route].method,
    path: adminPath(route, params),
    params,
    body: inPath ? {} : { rolloverId },
  };
}

export interface AdminRouteMatch {
  name: AdminRouteName;
  /** The `:name` segments as the caller gave them (still encoded, if they were). */
  params: Record<string, string>;
}

/**
 * The route of a method and a path split into segments, or null. A parameter matches one non-empty
 * segment; where two routes match (GET /runs/:rolloverId and a literal), the one with more literal
 * segments wins, so a literal route is never shadowed by a pattern.
 */
export function matchAdminRoute(method: string, segments: readonly string[]): AdminRouteMatch | null {
  const verb = method.toUpperCase();
  let best: (AdminRouteMatch & { literals: number }) | null = null;
  for (const name of ADMIN_ROUTE_NAMES) {
    const route = ADMIN_ROUTES[name];
    const pattern = route.path.slice(1).split('/');
    if (route.method !== verb || pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = pattern.every((part, i) => {
      const segment = segments[i]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return segment !== '';
      }
      literals += 1;
      return part === segment;
    });
    if (fits && (!best || literals > best.literals)) best = { name, params, literals };
  }
  return best && { name: best.name, params: best.params };
}
