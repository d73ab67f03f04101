import 'server-only';
// Sign-out that means it: revoking the user's refresh tokens also revokes every session cookie
// minted before now (verifySessionCookie(…, true) refuses them everywhere), and this process stops
// trusting what it cached for the user. Clearing the browser's cookie alone would leave a copied
// cookie valid for days.
import { adminAuth } from '../firebase/admin';
import { forgetVerifiedUser, resolveIdentity } from './identity';

/** Revokes the caller's sessions; a request without a valid identity has nothing to revoke. */
export async function revokeCallerSessions(request: Request): Promise<void> {
  const identity = await resolveIdentity(request);
  if (!identity) return;
  await adminAuth().revokeRefreshTokens(identity.uid);
  forgetVerifiedUser(identity.uid);
}
