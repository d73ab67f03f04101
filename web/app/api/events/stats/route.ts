import 'server-only';
// GET /api/events/stats (admins): the shared listener's figures and this process's memory, for
// the stream benchmark's fan-out and leak checks. `?gc=1` collects garbage first when the server
// runs with --expose-gc, so a leak reading measures what is retained, not what awaits collection.
import { resolveIdentity } from '../../../../lib/auth/identity';
import { forbidden, ok, unauthorized } from '../../../../lib/http/responses';
import { eventHub } from '../../../../lib/stream/event-hub';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await resolveIdentity(request);
  if (!identity) return unauthorized();
  if (!identity.admin) return forbidden('stream statistics');
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = new URL(request.url).searchParams.get('gc') === '1' && typeof collect === 'function';
  if (collected) collect();
  const memory = process.memoryUsage();
  return ok({ ...eventHub().stats(), rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, collected });
}
