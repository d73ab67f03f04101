// The etlAdmin routes the web proxy may forward, as (method, path) pairs mirroring
// functions/src/admin-api/handler.ts (a unit test keeps the two in step). A path is checked
// segment by segment before it is matched: empty, `.` or `..` segments, an encoded slash and a
// malformed percent-escape are 400 (every other id the ETL accepts is forwarded, re-encoded); a path that is not on the list is 404. Neither reaches etlAdmin.
export const ADMIN_ROUTES = [
  'GET /runs',
  'GET /runs/:id',
  'POST /runs/:id/cancel',
  'POST /runs/:id/resume',
  'POST /runs/:id/requeue',
  'POST /runs/status',
  'GET /health',
  'GET /alerts',
  'GET /data-quality',
  'GET /schedules',
  'POST /retry',
  'POST /backfill',
  'GET /backfills',
  'GET /backfills/:id',
  'POST /pause',
  'POST /resume',
  'POST /sweep',
  'GET /dead-letters',
  'POST /dead-letters/redrive',
  'POST /reaggregate',
] as const;

export type AdminRouteMatch =
  { ok: true; route: (typeof ADMIN_ROUTES)[number]; path: string } | { ok: false; status: 400 | 404; error: string };

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Matches a method and a still-encoded path (after /api/admin/etl) against the allow-list. */
export function matchAdminRoute(method: string, encodedPath: string): AdminRouteMatch {
  const raw = encodedPath.replace(/^\//, '').split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    const decoded = decodeSegment(segment);
    if (decoded === null) return { ok: false, status: 400, error: `path: malformed percent-escape in "${segment}"` };
    // A `\` is a character of an id the ETL accepts, forwarded re-encoded (%5C): it splits nothing.
    if (decoded === '' || decoded === '.' || decoded === '..' || decoded.includes('/'))
      return { ok: false, status: 400, error: `path: segment "${segment}" is not allowed` };
    segments.push(decoded);
  }
  const verb = method.toUpperCase();
  for (const route of ADMIN_ROUTES) {
    const [routeMethod, routePath] = route.split(' ') as [string, string];
    const pattern = routePath.slice(1).split('/');
    if (routeMethod !== verb || pattern.length !== segments.length) continue;
    if (pattern.every((part, i) => part === ':id' || part === segments[i]))
      return { ok: true, route, path: `/${segments.map(encodeURIComponent).join('/')}` };
  }
  return { ok: false, status: 404, error: `no admin route ${verb} /${segments.join('/')}` };
}
