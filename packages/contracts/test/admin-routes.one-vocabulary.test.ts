// The admin vocabulary (src/admin-routes.ts) holds together: each route is one (method, path), its
// path parameters are the ones its schemas parse (src/admin-route-schemas.ts), each run action
// names a route that can take the run, and the requests built from it reach that route.
import {
  ACTION_STATES,
  ADMIN_ROUTE_NAMES,
  ADMIN_ROUTE_SCHEMAS,
  ADMIN_ROUTES,
  AdminRunDetail,
  RUN_ACTION_ROUTES,
  RUN_ACTIONS,
  RUN_STATES,
  allowedActions,
  matchAdminRoute,
  runActionRequest,
  type AdminRouteSchemas,
} from '../src';

const segmentsOf = (path: string) => path.slice(1).split('/');

test('no two routes share a method and path', () => {
  const keys = ADMIN_ROUTE_NAMES.map((name) => `${ADMIN_ROUTES[name].method} ${ADMIN_ROUTES[name].path}`);
  expect(new Set(keys).size).toBe(keys.length);
});

test.each(ADMIN_ROUTE_NAMES)('%s: its path parameters are the ones its schemas parse', (name) => {
  const inPath = segmentsOf(ADMIN_ROUTES[name].path)
    .filter((part) => part.startsWith(':'))
    .map((part) => part.slice(1));
  const schemas: AdminRouteSchemas = ADMIN_ROUTE_SCHEMAS[name];
  expect(Object.keys(schemas.params ?? {}).sort()).toEqual(inPath.sort());
});

test.each(ADMIN_ROUTE_NAMES)('%s: its own path, with ids filled in, matches it and no other', (name) => {
  const route = ADMIN_ROUTES[name];
  expect(matchAdminRoute(route.method, segmentsOf(route.path.replace(/:\w+/g, 'an-id')))).toMatchObject({ name });
});

test('a literal route wins over a pattern; an empty id matches nothing', () => {
  expect(matchAdminRoute('POST', ['runs', 'status'])?.name).toBe('statusCounts');
  expect(matchAdminRoute('GET', ['runs', 'status'])).toEqual({ name: 'getRun', params: { rolloverId: 'status' } });
  expect(matchAdminRoute('POST', ['runs', '', 'cancel'])).toBeNull();
  expect(matchAdminRoute('DELETE', ['runs'])).toBeNull();
});

test.each(RUN_ACTIONS)('run action %s: an acting POST route that takes the run, in its path or its body', (action) => {
  const request = runActionRequest(action, 'roll #1');
  const route = ADMIN_ROUTES[RUN_ACTION_ROUTES[action].route];
  expect(route).toMatchObject({ method: 'POST', acts: true });
  const match = matchAdminRoute(request.method, segmentsOf(request.path).map(decodeURIComponent));
  expect(match?.name).toBe(RUN_ACTION_ROUTES[action].route);
  const runId = match?.params.rolloverId ?? request.body.rolloverId;
  expect(runId).toBe('roll #1');
  const schemas: AdminRouteSchemas = ADMIN_ROUTE_SCHEMAS[request.route];
  expect(schemas.body?.safeParse(request.body).success).toBe(true);
});

test('each action starts from real states, and a run detail lists only actions of the vocabulary', () => {
  for (const action of RUN_ACTIONS)
    for (const state of ACTION_STATES[action]) expect(Object.values(RUN_STATES)).toContain(state);
  const { allowedActions: schema } = AdminRunDetail.shape;
  for (const state of Object.values(RUN_STATES)) expect(schema.safeParse(allowedActions(state)).success).toBe(true);
  expect(allowedActions('ERROR').sort()).toEqual(['pause', 'retry']);
  expect(schema.safeParse(['explode']).success).toBe(false);
});
