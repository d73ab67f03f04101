import 'server-only';
// GET /api/events/global-stream (docs/contracts/streams.md): completions and ETL signals the caller may see.
import { requireIdentity } from '@/lib/auth/require-identity';
import { GlobalStreamParams } from '@/lib/http/queries';
import { forbidden, parseQuery } from '@/lib/http/responses';
import { lastEventIdOf, sseResponse } from '@/lib/stream/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin && !identity.custodianId) return forbidden('events without a custodian');
  const query = parseQuery(GlobalStreamParams, request.url);
  if (!query.ok) return query.response;
  return sseResponse(request, { identity, lastEventId: lastEventIdOf(request, query.value.lastEventId) });
}
