import 'server-only';
// Sign-in and sign-out for browsers: POST trades a fresh Firebase ID token (signed in within the
// last 5 minutes) for an httpOnly session cookie; DELETE revokes the user's sessions and clears it.
// Both refuse cross-site requests (lib/http/request-guard.ts).
import { z } from 'zod';
import { identityFromIdToken } from '@/lib/auth/identity';
import { verifyRecentSignIn } from '@/lib/auth/recent-sign-in';
import { SESSION_MAX_AGE_MS, sessionClearCookie, sessionSetCookie } from '@/lib/auth/session-cookie';
import { REVOCATION_FAILED_MESSAGE, revokeCallerSessions } from '@/lib/auth/sign-out';
import { adminAuth } from '@/lib/firebase/admin';
import { readJsonBody, refuseCrossSite, refuseNonJson } from '@/lib/http/request-guard';
import { badRequest, unauthorized } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const SessionRequest = z.strictObject({ idToken: z.string().min(1, 'idToken is required') });

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request) ?? refuseNonJson(request);
  if (refused) return refused;
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const body = SessionRequest.safeParse(read.value);
  if (!body.success) return badRequest(`idToken: ${body.error.issues[0]?.message ?? 'invalid body'}`);
  const signIn = await verifyRecentSignIn(body.data.idToken);
  if (!signIn.ok) return unauthorized(signIn.reason);
  const identity = await identityFromIdToken(body.data.idToken);
  if (!identity) return unauthorized();
  const cookie = await adminAuth()
    .createSessionCookie(body.data.idToken, { expiresIn: SESSION_MAX_AGE_MS })
    .catch(() => null);
  if (!cookie) return unauthorized();
  return Response.json(identity, { headers: { 'Set-Cookie': sessionSetCookie(cookie), 'Cache-Control': 'no-store' } });
}

export async function DELETE(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const signedOut = await revokeCallerSessions(request);
  const headers = { 'Set-Cookie': sessionClearCookie(), 'Cache-Control': 'no-store' };
  // The cookie is cleared either way; 503 tells the caller the other sessions may still be live.
  if (!signedOut.revoked) return Response.json({ error: REVOCATION_FAILED_MESSAGE }, { status: 503, headers });
  return new Response(null, { status: 204, headers });
}
