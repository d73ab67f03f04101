// Admin API identity: a Firebase ID token with the `admin` claim, nothing else. Tokens are checked
// for revocation and disabled users, and the claim against the user's current record, because a
// changed claim does not revoke tokens. A verified token is trusted for ETL_ADMIN_AUTH_CACHE_SECONDS
// (≤ 30 s), so a revoked, disabled or de-claimed admin loses access well within 60 s.
import { getAuth } from 'firebase-admin/auth';
import { adminAuthCacheSeconds } from '../config';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Verified {
  uid: string;
  email: string | null;
  admin: boolean;
  until: number;
}

// Per instance and bounded: an instance serves few admins, and a flood of distinct tokens evicts
// the oldest entries instead of growing memory.
const MAX_CACHED = 1_000;
const verified = new Map<string, Verified>();

function cache(token: string, entry: Verified): void {
  if (entry.until <= Date.now()) return;
  if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value!);
  verified.set(token, entry);
}

async function verify(token: string): Promise<Verified> {
  const hit = verified.get(token);
  if (hit && hit.until > Date.now()) return hit;
  verified.delete(token);
  try {
    // checkRevoked: also fails for a disabled user or one whose refresh tokens were revoked.
    const decoded = await getAuth().verifyIdToken(token, true);
    const user = await getAuth().getUser(decoded.uid);
    const entry = {
      uid: decoded.uid,
      email: decoded.email ?? null,
      admin: decoded.admin === true && user.customClaims?.admin === true,
      until: Math.min(Date.now() + adminAuthCacheSeconds * 1000, decoded.exp * 1000),
    };
    cache(token, entry);
    return entry;
  } catch (error) {
    // Every auth/* failure (malformed, expired, revoked, disabled, deleted user) is the caller's;
    // anything else (Auth unreachable) is ours and surfaces as a 500.
    if (String((error as { code?: unknown }).code ?? '').startsWith('auth/')) {
      throw new HttpError(401, 'invalid, expired or revoked ID token');
    }
    throw error;
  }
}

/** The caller's verified identity: uid, email (when the token has one) and whether they are an admin. */
export async function identify(authorization: string | undefined): Promise<Omit<Verified, 'until'>> {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match) throw new HttpError(401, 'missing Authorization: Bearer <Firebase ID token>');
  const { uid, email, admin } = await verify(match[1]!);
  return { uid, email, admin };
}
