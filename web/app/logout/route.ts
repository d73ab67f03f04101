import 'server-only';
// Sign-out for a plain HTML form (works without JavaScript): clears the session, back to /login.
import { sessionClearCookie } from '../../lib/auth/session-cookie';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: new URL('/login', request.url).toString(), 'Set-Cookie': sessionClearCookie() },
  });
}
