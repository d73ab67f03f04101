import 'server-only';
// GET /api/analytics/monthly-summary?custodianId=&month=YYYY-MM (docs/contracts/api.md): the three card
// numbers and asOf from one warehouse read.
import { MonthlySummary } from '@trustrails/contracts';
import { custodianInScope } from '@/lib/auth/custodian-scope';
import { requireIdentity } from '@/lib/auth/require-identity';
import { MonthlySummaryParams } from '@/lib/http/queries';
import { ok, parseQuery } from '@/lib/http/responses';
import { warehouse } from '@/lib/warehouse/warehouse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  const query = parseQuery(MonthlySummaryParams, request.url);
  if (!query.ok) return query.response;
  const custodianId = custodianInScope(identity, query.value.custodianId);
  if (custodianId instanceof Response) return custodianId;
  const summary = await warehouse().getMonthlySummary(custodianId, query.value.month);
  return ok(MonthlySummary.parse(summary));
}
