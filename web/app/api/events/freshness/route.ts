import 'server-only';
// POST /api/events/freshness (docs/contracts/streams.md): a dashboard's freshness beacon, for the
// freshness p50/p95 on /etl and the freshnessP95 alert. Same-origin JSON from a signed-in user,
// rate-limited per user; 204 whether the sample was kept or dropped (another tenant's event, a
// repeat), so the answer says nothing about events the caller may not see.
import { FreshnessBeacon } from '@trustrails/contracts';
import { requireIdentity } from '@/lib/auth/require-identity';
import { beaconLimit } from '@/lib/freshness/beacon-limit';
import { recordFreshnessSample } from '@/lib/freshness/record-sample';
import { readJsonBody, refuseCrossSite, refuseNonJson } from '@/lib/http/request-guard';
import { badRequest, errorResponse } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The beacon is three fields; anything larger is not one. */
const MAX_BEACON_BYTES = 1_024;

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request) ?? refuseNonJson(request);
  if (refused) return refused;
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  const read = await readJsonBody(request, MAX_BEACON_BYTES);
  if (!read.ok) return read.response;
  const beacon = FreshnessBeacon.safeParse(read.value);
  if (!beacon.success) {
    const issue = beacon.error.issues[0];
    return badRequest(`${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid beacon'}`);
  }
  const limit = beaconLimit();
  if (!limit.take(identity.uid)) {
    const response = errorResponse(429, 'too many freshness beacons from this user; retry later');
    response.headers.set('Retry-After', String(limit.retryAfterSeconds(identity.uid)));
    return response;
  }
  await recordFreshnessSample(identity, beacon.data);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
