// Real ID tokens from the Auth emulator for users a test creates with the claims it needs.
import { auth, uniqueId } from './firebase';
import { waitFor } from './wait';

const PASSWORD = 'test-password-1';

export interface SignedInUser {
  uid: string;
  email: string;
  idToken: string;
  /** The token's auth_time, in seconds. */
  authTime: number;
}

/** A new user with these claims, signed in with email and password just now. */
export async function signedInUser(claims: Record<string, unknown>, emailPrefix = 'user'): Promise<SignedInUser> {
  const email = `${uniqueId(emailPrefix)}@tests.trustrails.test`;
  const user = await auth().createUser({ email, password: PASSWORD });
  await auth().setCustomUserClaims(user.uid, claims);
  return signIn(email);
}

/** Signs an existing user (made by signedInUser) in again: a fresh sign-in, as after signing out. */
export async function signIn(email: string): Promise<SignedInUser> {
  const response = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken?: string; localId?: string };
  if (!body.idToken) throw new Error(`Auth emulator sign-in failed: ${JSON.stringify(body)}`);
  return { uid: body.localId!, email, idToken: body.idToken, authTime: authTimeOf(body.idToken) };
}

/** A Firebase ID token's auth_time, in seconds (the emulator's tokens are read, not verified, here). */
export const authTimeOf = (idToken: string): number =>
  (JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as { auth_time: number }).auth_time;

export const idTokenFor = async (claims: Record<string, unknown>, emailPrefix = 'user'): Promise<string> =>
  (await signedInUser(claims, emailPrefix)).idToken;

/**
 * Waits until the clock is past the second of `authTime`: revocation has one-second precision, so
 * a revocation in the sign-in's own second would not revoke it.
 */
export const nextSecond = (authTime: number): Promise<true> =>
  waitFor('the next second', async () => Math.floor(Date.now() / 1000) > authTime || undefined, {
    timeoutMs: 5_000,
  });

/** A well-formed token whose exp is in the past: the emulator does not check signatures, so only expiry can fail it. */
export function expiredIdToken(claims: Record<string, unknown> = { admin: true }): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const project = process.env.GCLOUD_PROJECT ?? 'demo-trustrails';
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    iss: `https://securetoken.google.com/${project}`,
    aud: project,
    auth_time: now - 7200,
    iat: now - 7200,
    exp: now - 3600,
    sub: 'expired-user',
    user_id: 'expired-user',
    firebase: { identities: {}, sign_in_provider: 'password' },
    ...claims,
  })}.`;
}
