import 'server-only';
// GET /api/events/global-stream (docs/contracts/streams.md): completions and ETL signals the caller may see.
import { resolveIdentity } from '../../../../lib/auth/identity';
import { GlobalStreamParams } from '../../../../lib/http/queries';
import { forbidden, parseQuery, unauthorized } from '../../../../lib/http/responses';
import { lastEventIdOf, sseResponse } from '../../../../lib/stream/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await resolveIdentity(request);
  if (!identity) return unauthorized();
  if (!identity.admin && !identity.custodianId) return forbidden('events without a custodian');
  const query = parseQuery(GlobalStreamParams, request.url);
  if (!query.ok) return query.response;
  return sseResponse(request, { identity, lastEventId: lastEventIdOf(request, query.value.lastEventId) });
}
