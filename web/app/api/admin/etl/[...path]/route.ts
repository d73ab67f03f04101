import 'server-only';
// /api/admin/etl/* (admins): the ETL monitor's controls reach the etlAdmin function through here,
// so the browser needs only its session cookie. The function validates every input itself.
import { resolveIdentity } from '../../../../../lib/auth/identity';
import { etlAdminUrl } from '../../../../../lib/etl-admin/admin-api-url';
import { idTokenFor } from '../../../../../lib/etl-admin/admin-token';
import { forbidden, unauthorized } from '../../../../../lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function forward(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const identity = await resolveIdentity(request);
  if (!identity) return unauthorized();
  if (!identity.admin) return forbidden('the ETL admin API');
  const { path } = await context.params;
  const url = new URL(request.url);
  const target = `${etlAdminUrl()}/${path.map(encodeURIComponent).join('/')}${url.search}`;
  const response = await fetch(target, {
    method: request.method,
    headers: { authorization: `Bearer ${await idTokenFor(identity.uid)}`, 'content-type': 'application/json' },
    ...(request.method === 'POST' ? { body: await request.text() } : {}),
    cache: 'no-store',
  });
  return new Response(await response.text(), {
    status: response.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export const GET = forward;
export const POST = forward;
