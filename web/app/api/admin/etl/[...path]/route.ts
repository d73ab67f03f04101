import 'server-only';
// /api/admin/etl/* (admins): the ETL monitor's controls reach the etlAdmin function through here,
// so the browser needs only its session cookie. Only the admin API's own routes are forwarded
// (lib/etl-admin/admin-routes.ts); a POST must come from the app's own pages with a JSON body under
// the cap (lib/http/request-guard.ts). The function validates every input itself. When etlAdmin
// cannot be reached the answer is 502, and says nothing about where it runs.
import { requireIdentity } from '@/lib/auth/require-identity';
import { callAdminApi } from '@/lib/etl-admin/admin-api-call';
import { matchAdminRoute } from '@/lib/etl-admin/admin-routes';
import { readJsonBody, refuseCrossSite, refuseNonJson } from '@/lib/http/request-guard';
import { errorResponse, forbidden } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const PREFIX = '/api/admin/etl';

async function forward(request: Request): Promise<Response> {
  const post = request.method === 'POST';
  if (post) {
    const refused = refuseCrossSite(request) ?? refuseNonJson(request);
    if (refused) return refused;
  }
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin) return forbidden('the ETL admin API');
  // The path as sent, still encoded, so `%2e%2e` and malformed escapes are judged, not decoded away.
  const url = new URL(request.url);
  const route = matchAdminRoute(request.method, url.pathname.slice(PREFIX.length));
  if (!route.ok) return errorResponse(route.status, route.error);
  let body: string | undefined;
  if (post) {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    body = JSON.stringify(read.value ?? {});
  }
  const answer = await callAdminApi(identity.uid, {
    method: post ? 'POST' : 'GET',
    pathAndQuery: `${route.path}${url.search}`,
    ...(body !== undefined ? { body } : {}),
  });
  if (!answer.ok) return errorResponse(502, 'the ETL admin API could not be reached; try again shortly');
  return new Response(answer.text, {
    status: answer.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export const GET = forward;
export const POST = forward;
