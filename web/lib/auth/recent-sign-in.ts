import 'server-only';
// POST /api/session trades only a fresh sign-in for a long-lived session cookie: an ID token whose
// auth_time is within the last five minutes (a token refreshed from an old sign-in is refused), so
// a stolen, silently refreshed token cannot be turned into a five-day session.
import { adminAuth } from '@/lib/firebase/admin';

export const MAX_SIGN_IN_AGE_MS = 5 * 60_000;

export type SignInCheck = { ok: true; uid: string } | { ok: false; reason: string };

export async function verifyRecentSignIn(idToken: string): Promise<SignInCheck> {
  let decoded;
  try {
    decoded = await adminAuth().verifyIdToken(idToken, true);
  } catch {
    return { ok: false, reason: 'idToken is invalid, expired or revoked' };
  }
  // Read the clock after verification: the age is what it is when the cookie is minted.
  if (Date.now() - decoded.auth_time * 1000 > MAX_SIGN_IN_AGE_MS)
    return { ok: false, reason: 'sign in again: the sign-in behind idToken is older than 5 minutes' };
  return { ok: true, uid: decoded.uid };
}
