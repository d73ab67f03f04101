import 'server-only';
// GET /api/analytics/time-series?custodianId=&granularity=&from=&to= (docs/contracts/api.md): one
// custodian's stored analytics rows over a bounded range, gaps as zeros, with running sums.
import { TimeSeries } from '@trustrails/contracts';
import { TimeSeriesRangeError } from '@trustrails/warehouse';
import { custodianInScope } from '@/lib/auth/custodian-scope';
import { requireIdentity } from '@/lib/auth/require-identity';
import { TimeSeriesParams } from '@/lib/http/queries';
import { badRequest, ok, parseQuery } from '@/lib/http/responses';
import { warehouse } from '@/lib/warehouse/warehouse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  const query = parseQuery(TimeSeriesParams, request.url);
  if (!query.ok) return query.response;
  const { granularity, from, to } = query.value;
  const custodianId = custodianInScope(identity, query.value.custodianId);
  if (custodianId instanceof Response) return custodianId;
  try {
    return ok(TimeSeries.parse(await warehouse().getTimeSeries({ custodianId, granularity, from, to })));
  } catch (error) {
    if (error instanceof TimeSeriesRangeError) return badRequest(error.message);
    throw error;
  }
}
