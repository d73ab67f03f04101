import 'server-only';
// GET /api/events/rollover-stream?rolloverId= : the global stream narrowed to one rollover, for
// its parties and admins only.
import { requireIdentity } from '@/lib/auth/require-identity';
import { RolloverStreamParams } from '@/lib/http/queries';
import { forbidden, parseQuery } from '@/lib/http/responses';
import { partiesOf } from '@/lib/stream/parties';
import { lastEventIdOf, sseResponse } from '@/lib/stream/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  const query = parseQuery(RolloverStreamParams, request.url);
  if (!query.ok) return query.response;
  const { rolloverId } = query.value;
  if (!identity.admin) {
    const parties = identity.custodianId ? await partiesOf(rolloverId) : null;
    const isParty =
      parties !== null &&
      (parties.sourceCustodianId === identity.custodianId || parties.destinationCustodianId === identity.custodianId);
    // Unknown rollovers answer like foreign ones, so ids cannot be probed.
    if (!isParty) return forbidden(`rollover ${rolloverId}`);
  }
  return sseResponse(request, { identity, rolloverId, lastEventId: lastEventIdOf(request, query.value.lastEventId) });
}
