import 'server-only';
// Sign-out that means it: revoking the user's refresh tokens also revokes every session cookie
// minted before now (verifySessionCookie(…, true) refuses them everywhere), and this process stops
// trusting what it cached for the user, the admin proxy's ID token included. Clearing the
// browser's cookie alone would leave a copied cookie valid for days.
import { forgetIdToken } from '@/lib/etl-admin/admin-token';
import { adminAuth } from '@/lib/firebase/admin';
import { forgetVerifiedUser, resolveIdentity } from './identity';

/**
 * What sign-out achieved beyond clearing this browser's cookie, which the routes always do:
 * `revoked: false` means Auth refused or could not be reached, so copies of the cookie may still work.
 */
export type SignOutResult = { revoked: true } | { revoked: false; reason: string };

/** Revokes the caller's sessions; a request without a valid identity has nothing to revoke. */
export async function revokeCallerSessions(request: Request): Promise<SignOutResult> {
  const identity = await resolveIdentity(request);
  if (!identity) return { revoked: true };
  // Forget the cached identity first: whatever Auth answers, this process re-checks the user next time.
  forgetVerifiedUser(identity.uid);
  try {
    await adminAuth().revokeRefreshTokens(identity.uid);
    return { revoked: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ event: 'sessionRevocationFailed', uid: identity.uid, message: reason }));
    return { revoked: false, reason };
  } finally {
    // After the revocation, so the admin proxy's next token is minted after it too: etlAdmin
    // refuses every token from before, and one cached now would be refused for the rest of its hour.
    forgetIdToken(identity.uid);
  }
}

/** Shown when the cookie was cleared but the other sessions could not be revoked. */
export const REVOCATION_FAILED_MESSAGE =
  'Signed out on this device, but your other sessions could not be revoked. Sign in and sign out again to retry.';

/** The query /logout adds to /login when the revocation failed, so the page can say so. */
export const SIGN_OUT_INCOMPLETE = 'signout=incomplete';
