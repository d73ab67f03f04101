import 'server-only';
// The etlAdmin function takes Firebase ID tokens, while browsers hold only a session cookie. For an
// admin session the server mints a custom token for that same user and exchanges it for an ID
// token (Auth emulator locally, Identity Toolkit in production), cached until shortly before expiry.
// A revocation makes etlAdmin refuse a cached token at once, so the cache entry goes when this
// process revokes (sign-out) and when etlAdmin refuses it (lib/etl-admin/admin-api-call.ts).
import { webConfig } from '@/lib/config';
import { adminAuth } from '@/lib/firebase/admin';

const cache = new Map<string, { token: string; expiresAt: number }>();

function identityToolkitUrl(): string {
  const { authEmulatorHost: emulator, firebaseApiKey } = webConfig();
  const base = emulator
    ? `http://${emulator}/identitytoolkit.googleapis.com`
    : 'https://identitytoolkit.googleapis.com';
  return `${base}/v1/accounts:signInWithCustomToken?key=${firebaseApiKey}`;
}

export async function idTokenFor(uid: string): Promise<string> {
  const cached = cache.get(uid);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const customToken = await adminAuth().createCustomToken(uid);
  const response = await fetch(identityToolkitUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: customToken, returnSecureToken: true }),
  });
  const body = (await response.json()) as { idToken?: string; expiresIn?: string; error?: { message: string } };
  if (!body.idToken)
    throw new Error(`could not obtain an ID token for the admin API: ${body.error?.message ?? response.status}`);
  // Refresh five minutes early so a token never expires in flight.
  cache.set(uid, { token: body.idToken, expiresAt: Date.now() + (Number(body.expiresIn ?? 3600) - 300) * 1000 });
  return body.idToken;
}

/**
 * Drops the user's cached token, so the next call mints one that postdates any revocation. With
 * `token`, only if that is still the cached one: a concurrent request may have replaced it already.
 */
export function forgetIdToken(uid: string, token?: string): void {
  if (token === undefined || cache.get(uid)?.token === token) cache.delete(uid);
}
