import 'server-only';
// Sign-out for a plain HTML form (works without JavaScript): revokes the user's sessions, clears
// the cookie, back to /login. A cross-site form post is refused and changes nothing.
import { sessionClearCookie } from '../../lib/auth/session-cookie';
import { revokeCallerSessions } from '../../lib/auth/sign-out';
import { refuseCrossSite } from '../../lib/http/request-guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  await revokeCallerSessions(request);
  return new Response(null, {
    status: 303,
    headers: { Location: new URL('/login', request.url).toString(), 'Set-Cookie': sessionClearCookie() },
  });
}
