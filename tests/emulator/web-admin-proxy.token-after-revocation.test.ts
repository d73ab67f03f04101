// The admin proxy mints an ID token per admin and reuses it for most of an hour. A revocation
// (sign-out here, or anywhere else) makes etlAdmin refuse that token, so after signing in again the
// proxy must not keep presenting it: sign-out drops it, and a 401 from etlAdmin drops it and retries
// once with a fresh one. Against the real etlAdmin on the Functions emulator and the Auth emulator.
jest.mock('server-only', () => ({}));

import { DELETE as deleteSession } from '../../web/app/api/session/route';
import { idTokenFor as proxyTokenFor } from '../../web/lib/etl-admin/admin-token';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { adminApi } from '../support/admin-api';
import { callAdminProxy } from '../support/admin-proxy';
import { auth, uniqueId } from '../support/firebase';
import { authTimeOf, nextSecond, signedInUser, signIn } from '../support/identity';
import { waitFor } from '../support/wait';
import { SAME_ORIGIN, sessionCookieFor } from '../support/web-session';

afterAll(() => warehouse().close());

const statusCounts = (cookie: string) =>
  callAdminProxy(`${SAME_ORIGIN}/api/admin/etl/runs/status`, {
    method: 'POST',
    headers: { cookie, origin: SAME_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ rolloverIds: [uniqueId('none')] }),
  });

/**
 * An admin whose proxy token is cached and whose refresh tokens `revoke` then revokes; resolves once
 * etlAdmin (past its own ≤ 30 s verification cache) refuses the cached token, so what the proxy does
 * with it next is what the test sees.
 */
async function adminRevokedAfterProxyUse(prefix: string, revoke: (uid: string, cookie: string) => Promise<void>) {
  const user = await signedInUser({ admin: true }, prefix);
  const cookie = await sessionCookieFor(user.idToken);
  const first = await statusCounts(cookie);
  expect(first.status).toBe(200);
  // The token the proxy just used, from its cache: the revocation must postdate its sign-in second.
  const cached = await proxyTokenFor(user.uid);
  await nextSecond(authTimeOf(cached));
  await revoke(user.uid, cookie);
  await waitFor(
    'etlAdmin to refuse the revoked token',
    async () => (await adminApi('GET', '/health', { token: cached })).status === 401,
    { timeoutMs: 45_000, intervalMs: 1_000 },
  );
  return { user, cached };
}

test('after sign-out and a fresh sign-in the proxy works at once', async () => {
  const { user, cached } = await adminRevokedAfterProxyUse('proxy-signout', async (_uid, cookie) => {
    const signedOut = await deleteSession(
      new Request(`${SAME_ORIGIN}/api/session`, { method: 'DELETE', headers: { cookie, origin: SAME_ORIGIN } }),
    );
    expect(signedOut.status).toBe(204);
  });
  // Sign-out itself dropped the token: the next one is minted after the revocation.
  expect(await proxyTokenFor(user.uid)).not.toBe(cached);
  const again = await sessionCookieFor((await signIn(user.email)).idToken);
  const response = await statusCounts(again);
  // The body rides along so a failure shows etlAdmin's answer.
  expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200 });
}, 90_000);

test('after a revocation elsewhere the proxy drops the refused token and retries once', async () => {
  // Another web instance's sign-out, or an operator, revokes: this process's cache never hears of it.
  const { user, cached } = await adminRevokedAfterProxyUse('proxy-revoked', (uid) => auth().revokeRefreshTokens(uid));
  const again = await sessionCookieFor((await signIn(user.email)).idToken);
  const response = await statusCounts(again);
  expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200 });
  // The retry's token replaced the refused one, so the next call needs no retry.
  const replaced = await proxyTokenFor(user.uid);
  expect(replaced).not.toBe(cached);
  expect((await adminApi('GET', '/health', { token: replaced })).status).toBe(200);
}, 90_000);
