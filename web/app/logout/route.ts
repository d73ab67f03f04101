import 'server-only';
// Sign-out for a plain HTML form (works without JavaScript): revokes the user's sessions, clears
// the cookie, back to /login.
import { sessionClearCookie } from '../../lib/auth/session-cookie';
import { revokeCallerSessions } from '../../lib/auth/sign-out';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  await revokeCallerSessions(request);
  return new Response(null, {
    status: 303,
    headers: { Location: new URL('/login', request.url).toString(), 'Set-Cookie': sessionClearCookie() },
  });
}
