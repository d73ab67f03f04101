import 'server-only';
// GET /api/etl/runs/stream (admins): every etlRuns change, live, as named `run` events
// (docs/contracts/streams.md), for the ETL monitor.
import { requireIdentity } from '@/lib/auth/require-identity';
import { runStreamResponse } from '@/lib/etl/run-stream';
import { GlobalStreamParams } from '@/lib/http/queries';
import { forbidden, parseQuery } from '@/lib/http/responses';
import { lastEventIdOf } from '@/lib/stream/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin) return forbidden('the run stream');
  const query = parseQuery(GlobalStreamParams, request.url);
  if (!query.ok) return query.response;
  return runStreamResponse(request, identity, lastEventIdOf(request, query.value.lastEventId));
}
