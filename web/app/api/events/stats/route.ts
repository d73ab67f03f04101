import 'server-only';
// GET /api/events/stats (admins): the shared listener's figures and this process's memory, for
// the stream benchmark's fan-out and leak checks.
import { resolveIdentity } from '../../../../lib/auth/identity';
import { forbidden, ok, unauthorized } from '../../../../lib/http/responses';
import { eventHub } from '../../../../lib/stream/event-hub';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const identity = await resolveIdentity(request);
  if (!identity) return unauthorized();
  if (!identity.admin) return forbidden('stream statistics');
  return ok({ ...eventHub().stats(), rssBytes: process.memoryUsage().rss });
}
