import 'server-only';
// GET /api/etl/runs?limit= (admins): the recent ETL runs for the monitor's table.
import { requireIdentity } from '@/lib/auth/require-identity';
import { recentRuns } from '@/lib/etl/runs';
import { EtlRunsParams } from '@/lib/http/queries';
import { forbidden, ok, parseQuery } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin) return forbidden('ETL runs');
  const query = parseQuery(EtlRunsParams, request.url);
  if (!query.ok) return query.response;
  return ok(await recentRuns(query.value.limit ?? 50));
}
