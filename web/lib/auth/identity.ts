import 'server-only';
// Who is calling: a Firebase ID token (Authorization: Bearer) or the app's session cookie, verified
// by firebase-admin WITH revocation checks (a revoked session or a disabled user fails), reduced to
// what tenancy needs. Claims come from the user record, not the token, so a changed claim counts
// as soon as the credential is re-checked: a verified credential is trusted for AUTH_CACHE_TTL_MS
// (at most 30 s), then verified again.
import { webConfig } from '@/lib/config';
import { adminAuth } from '@/lib/firebase/admin';
import { SESSION_COOKIE, readCookie } from './session-cookie';
import { VerifiedCache } from './verified-cache';
import { processSingleton } from '@/lib/process-singleton';

export interface Identity {
  uid: string;
  admin: boolean;
  /** The custodian a non-admin user is scoped to; null when the account has no tenant. */
  custodianId: string | null;
}

function fromClaims(uid: string, claims: Record<string, unknown>): Identity {
  return {
    uid,
    admin: claims.admin === true,
    custodianId: typeof claims.custodianId === 'string' && claims.custodianId.length > 0 ? claims.custodianId : null,
  };
}

// One cache per process, shared by every route bundle (as the warehouse is), so a sign-out here
// is seen by all routes at once.
const verifiedCache = processSingleton(
  'verified-identities',
  () => new VerifiedCache<Identity>(() => webConfig().authCacheTtlMs),
);

async function verify(kind: 'idToken' | 'session', credential: string): Promise<Identity | null> {
  const known = verifiedCache().get(credential);
  if (known) return known;
  try {
    const auth = adminAuth();
    const decoded =
      kind === 'session'
        ? await auth.verifySessionCookie(credential, true)
        : await auth.verifyIdToken(credential, true);
    // The token carries the claims of its sign-in; the user record has today's.
    const user = await auth.getUser(decoded.uid);
    const identity = fromClaims(decoded.uid, user.customClaims ?? {});
    verifiedCache().set(credential, decoded.uid, identity, decoded.exp * 1000);
    return identity;
  } catch {
    // Invalid, expired, revoked, disabled, or Auth unreachable: no identity (never cached).
    return null;
  }
}

/** Verifies the cookie value of a session; null when it is missing, invalid or revoked. */
export const identityFromSession = async (cookie: string | undefined): Promise<Identity | null> =>
  cookie ? verify('session', cookie) : null;

export const identityFromIdToken = (token: string): Promise<Identity | null> => verify('idToken', token);

/** What a request presents: nothing, a credential to verify, or a session cookie that does not decode. */
export type Credential =
  { kind: 'none' } | { kind: 'malformed'; reason: string } | { kind: 'idToken' | 'session'; value: string };

/** Bearer token first (API clients), then the session cookie (browsers). */
export function credentialOf(request: Request): Credential {
  const header = request.headers.get('authorization');
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return { kind: 'idToken', value: bearer };
  const cookie = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (!cookie) return { kind: 'none' };
  if (!cookie.ok) return { kind: 'malformed', reason: `cookie ${SESSION_COOKIE}: malformed percent-escape` };
  return cookie.value ? { kind: 'session', value: cookie.value } : { kind: 'none' };
}

/** The caller's identity, or null (no credential, a malformed one, or one that fails verification). */
export async function resolveIdentity(request: Request): Promise<Identity | null> {
  const credential = credentialOf(request);
  return credential.kind === 'idToken' || credential.kind === 'session'
    ? verify(credential.kind, credential.value)
    : null;
}

/** After this process revoked a user's sessions: stop trusting what it cached for them. */
export const forgetVerifiedUser = (uid: string): void => verifiedCache().forgetUser(uid);

/** Whether the identity may read data of this custodian. */
export const canReadCustodian = (identity: Identity, custodianId: string): boolean =>
  identity.admin || identity.custodianId === custodianId;
