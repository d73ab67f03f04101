// Real ID tokens from the Auth emulator for users a test creates with the claims it needs.
import { auth, uniqueId } from './firebase';

const PASSWORD = 'test-password-1';

export async function idTokenFor(claims: Record<string, unknown>, emailPrefix = 'user'): Promise<string> {
  const email = `${uniqueId(emailPrefix)}@tests.trustrails.test`;
  const user = await auth().createUser({ email, password: PASSWORD });
  await auth().setCustomUserClaims(user.uid, claims);
  const response = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken?: string };
  if (!body.idToken) throw new Error(`Auth emulator sign-in failed: ${JSON.stringify(body)}`);
  return body.idToken;
}

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
