// The admin proxy's allow-list (web/lib/etl-admin/admin-routes.ts) against the admin API it fronts:
// the same (method, path) pairs as functions/src/admin-api/handler.ts, and paths checked segment
// by segment before matching.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ROUTES, matchAdminRoute } from '../lib/etl-admin/admin-routes';

test('lists exactly the routes the admin API handles', () => {
  const handler = readFileSync(join(__dirname, '..', '..', 'functions', 'src', 'admin-api', 'handler.ts'), 'utf8');
  const routes = [...handler.matchAll(/case '((?:GET|POST) \/[^']*)'/g)].map((m) => m[1]!);
  // Parameterised routes are matched by regex in the handler, e.g. /^GET \/runs\/([^/]+)$/.
  for (const m of handler.matchAll(/\/\^((?:GET|POST) [^$]*)\$\//g))
    routes.push(m[1]!.replace(/\\\//g, '/').replace(/\(\[\^\/\]\+\)/g, ':id'));
  expect([...ADMIN_ROUTES].sort()).toEqual(routes.sort());
});

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
