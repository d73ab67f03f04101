// The admin proxy's allow-list (web/lib/etl-admin/admin-routes.ts) is the admin vocabulary
// (@trustrails/contracts/admin-routes), which etlAdmin dispatches from: every route of it is
// forwarded, as itself, and paths are checked segment by segment before matching.
import { ADMIN_ROUTES, ADMIN_ROUTE_NAMES } from '@trustrails/contracts/admin-routes';
import { matchAdminRoute } from '@/lib/etl-admin/admin-routes';

test.each(ADMIN_ROUTE_NAMES.map((name) => [name, ADMIN_ROUTES[name].method, ADMIN_ROUTES[name].path] as const))(
  'forwards the route %s (%s %s)',
  (name, method, pattern) => {
    const path = pattern.replace(/:\w+/g, 'an-id');
    expect(matchAdminRoute(method, path)).toEqual({ ok: true, route: name, path });
  },
);

test.each([
  ['GET', '/runs', '/runs'],
  ['GET', '/runs/roll-1', '/runs/roll-1'],
  ['GET', '/runs/roll%201', '/runs/roll%201'],
  // Every id the ETL accepts: `#`, non-ASCII, a backslash, more than 128 characters.
  ['GET', '/runs/roll%231%20r%C3%BCck', '/runs/roll%231%20r%C3%BCck'],
  ['GET', '/runs/a%5Cb', '/runs/a%5Cb'],
  ['POST', `/runs/${'r'.repeat(200)}/resume`, `/runs/${'r'.repeat(200)}/resume`],
  ['POST', '/runs/status', '/runs/status'],
  ['post', '/pause', '/pause'],
  ['GET', '/health', '/health'],
])('%s %s is forwarded as %s', (method, path, forwarded) => {
  expect(matchAdminRoute(method, path)).toMatchObject({ ok: true, path: forwarded });
});

test.each([
  ['GET', '/runs/..'],
  ['GET', '/runs/%2e%2e'],
  ['GET', '/runs/.'],
  ['GET', '/runs/%2E'],
  ['GET', '/runs/a%2Fb'],
  ['GET', '/runs//x'],
  ['GET', '/runs/'],
  ['GET', '/runs/%E0%A4%A'],
  ['GET', '/runs/%zz'],
])('%s %s is a malformed path: 400', (method, path) => {
  expect(matchAdminRoute(method, path)).toMatchObject({ ok: false, status: 400 });
});

test.each([
  ['GET', '/nope'],
  ['POST', '/runs'],
  ['GET', '/pause'],
  ['DELETE', '/runs/x'],
  ['GET', '/runs/x/y'],
])('%s %s is not an admin route: 404', (method, path) => {
  expect(matchAdminRoute(method, path)).toMatchObject({ ok: false, status: 404 });
});
