import 'server-only';
// The signed-in user of a page render, from the session cookie.
import { cookies } from 'next/headers';
import { identityFromSession, type Identity } from './identity';
import { SESSION_COOKIE } from './session-cookie';

export async function currentIdentity(): Promise<Identity | null> {
  const jar = await cookies();
  return identityFromSession(jar.get(SESSION_COOKIE)?.value);
}
