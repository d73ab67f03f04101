import 'server-only';
// GET /api/etl/alerts/stream (admins): every etlAlerts change, live, as named `alert` events
// (docs/contracts/streams.md), for the alert banner on /etl.
import { requireIdentity } from '@/lib/auth/require-identity';
import { alertStreamResponse } from '@/lib/etl/alert-stream';
import { GlobalStreamParams } from '@/lib/http/queries';
import { forbidden, parseQuery } from '@/lib/http/responses';
import { lastEventIdOf } from '@/lib/stream/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin) return forbidden('the alert stream');
  const query = parseQuery(GlobalStreamParams, request.url);
  if (!query.ok) return query.response;
  return alertStreamResponse(request, identity, lastEventIdOf(request, query.value.lastEventId));
}
