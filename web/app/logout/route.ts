import 'server-only';
// Sign-out for a plain HTML form (works without JavaScript): revokes the user's sessions, clears
// the cookie, back to /login (which says so when the revocation failed). A cross-site form post is refused and changes nothing.
import { sessionClearCookie } from '@/lib/auth/session-cookie';
import { SIGN_OUT_INCOMPLETE, revokeCallerSessions } from '@/lib/auth/sign-out';
import { publicUrl } from '@/lib/http/public-url';
import { refuseCrossSite } from '@/lib/http/request-guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const signedOut = await revokeCallerSessions(request);
  // The cookie is cleared either way; the login page says when the other sessions may still be live.
  // On the public origin: request.url names the bind address behind a proxy.
  const login = publicUrl(signedOut.revoked ? '/login' : `/login?${SIGN_OUT_INCOMPLETE}`, request);
  return new Response(null, {
    status: 303,
    headers: { Location: login.toString(), 'Set-Cookie': sessionClearCookie() },
  });
}
