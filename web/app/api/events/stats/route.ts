import 'server-only';
// GET /api/events/stats (admins): the shared listener's figures, open streams and this process's
// memory, for the stream benchmark's fan-out and leak checks. `?gc=1` collects garbage first when
// the server runs with --expose-gc, so a leak reading measures what is retained. A diagnostics
// tool: in production it answers 404 unless SSE_STATS_ENABLED=true (the benchmark's `next start`
// sets it), and `?gc=1` answers 404 in production whatever the switch, as a forced GC is a lever
// on latency that nobody outside may pull.
import { requireIdentity } from '@/lib/auth/require-identity';
import { webConfig } from '@/lib/config';
import { forbidden, ok } from '@/lib/http/responses';
import { eventHub } from '@/lib/stream/event-hub';
import { streamSlots } from '@/lib/stream/stream-slots';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  // Before identity, so production does not even reveal that the route (or `?gc=1`) exists.
  const { production, streams } = webConfig();
  const collectFirst = new URL(request.url).searchParams.get('gc') === '1';
  if (!streams.statsEnabled || (collectFirst && production))
    return Response.json({ error: 'not found' }, { status: 404 });
  const identity = await requireIdentity(request);
  if (identity instanceof Response) return identity;
  if (!identity.admin) return forbidden('stream statistics');
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = collectFirst && typeof collect === 'function';
  if (collected) collect();
  const memory = process.memoryUsage();
  return ok({
    ...eventHub().stats(),
    streams: streamSlots().open(),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    collected,
  });
}
