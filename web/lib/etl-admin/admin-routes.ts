// The etlAdmin routes the web proxy may forward: exactly the admin vocabulary's routes
// (@trustrails/contracts/admin-routes, which the function dispatches from too). A path is checked
// segment by segment before it is matched: empty, `.` or `..` segments, an encoded slash and a
// malformed percent-escape are 400 (every other id the ETL accepts is forwarded, re-encoded); a
// path that is not a route is 404. Neither reaches etlAdmin.
import { matchAdminRoute as matchRoute, type AdminRouteName } from '@trustrails/contracts/admin-routes';

export type AdminRouteMatch =
  { ok: true; route: AdminRouteName; path: string } | { ok: false; status: 400 | 404; error: string };

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Matches a method and a still-encoded path (after /api/admin/etl) against the vocabulary. */
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
  const match = matchRoute(verb, segments);
  if (!match) return { ok: false, status: 404, error: `no admin route ${verb} /${segments.join('/')}` };
  return { ok: true, route: match.name, path: `/${segments.map(encodeURIComponent).join('/')}` };
}
