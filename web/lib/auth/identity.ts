import 'server-only';
// Who is calling: a Firebase ID token (Authorization: Bearer) or the app's session cookie,
// verified by firebase-admin, reduced to what tenancy needs.
import { adminAuth } from '../firebase/admin';
import { SESSION_COOKIE, readCookie } from './session-cookie';

export interface Identity {
  uid: string;
  admin: boolean;
  /** The custodian a non-admin user is scoped to; null when the account has no tenant. */
  custodianId: string | null;
}

function fromClaims(claims: Record<string, unknown> & { uid: string }): Identity {
  return {
    uid: claims.uid,
    admin: claims.admin === true,
    custodianId: typeof claims.custodianId === 'string' && claims.custodianId.length > 0 ? claims.custodianId : null,
  };
}

/** Verifies the cookie value of a session; null when it is missing or invalid. */
export async function identityFromSession(cookie: string | undefined): Promise<Identity | null> {
  if (!cookie) return null;
  try {
    return fromClaims(await adminAuth().verifySessionCookie(cookie));
  } catch {
    return null;
  }
}

export async function identityFromIdToken(token: string): Promise<Identity | null> {
  try {
    return fromClaims(await adminAuth().verifyIdToken(token));
  } catch {
    return null;
  }
}

/** Bearer token first (API clients), then the session cookie (browsers). */
export async function resolveIdentity(request: Request): Promise<Identity | null> {
  const header = request.headers.get('authorization');
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return identityFromIdToken(bearer);
  return identityFromSession(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
}

/** Whether the identity may read data of this custodian. */
export const canReadCustodian = (identity: Identity, custodianId: string): boolean =>
  identity.admin || identity.custodianId === custodianId;
