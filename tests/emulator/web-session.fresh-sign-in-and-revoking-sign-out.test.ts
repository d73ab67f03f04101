// POST /api/session accepts only a sign-in from the last 5 minutes; DELETE /api/session and POST
// /logout revoke the user's refresh tokens (so every copy of the session cookie stops working),
// not only clear the browser's cookie. Against the Auth emulator; the clock (Date only) is moved
// to age the sign-in instead of waiting.
jest.mock('server-only', () => ({}));

import { currentMonth } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { DELETE as deleteSession, POST as createSession } from '../../web/app/api/session/route';
import { POST as logout } from '../../web/app/logout/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { moveClockBy } from '../support/clock';
import { auth, uniqueId } from '../support/firebase';
import { nextSecond, signedInUser } from '../support/identity';
import { SAME_ORIGIN, sessionCookieFor } from '../support/web-session';

afterAll(() => warehouse().close());
afterEach(() => jest.useRealTimers());

const sessionRequest = (idToken: string) =>
  new Request(`${SAME_ORIGIN}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SAME_ORIGIN },
    body: JSON.stringify({ idToken }),
  });

const summary = (custodianId: string, cookie: string) =>
  monthlySummary(
    new Request(`${SAME_ORIGIN}/api/analytics/monthly-summary?custodianId=${custodianId}&month=${currentMonth()}`, {
      headers: { cookie },
    }),
  );

const validSince = async (uid: string): Promise<number> =>
  Date.parse((await auth().getUser(uid)).tokensValidAfterTime ?? '1970-01-01T00:00:00Z');

test('a token whose sign-in is older than 5 minutes gets no session cookie', async () => {
  const user = await signedInUser({ custodianId: uniqueId('stale') }, 'stale');
  moveClockBy(5 * 60_000 + 5_000);
  const stale = await createSession(sessionRequest(user.idToken));
  expect(stale.status).toBe(401);
  expect(stale.headers.get('set-cookie')).toBeNull();
  expect(((await stale.json()) as { error: string }).error).toMatch(/5 minutes/);
});

test('a token signed in 4 minutes ago still gets one', async () => {
  const user = await signedInUser({ custodianId: uniqueId('fresh') }, 'fresh');
  moveClockBy(4 * 60_000);
  const fresh = await createSession(sessionRequest(user.idToken));
  expect(fresh.status).toBe(200);
  expect(fresh.headers.get('set-cookie')).toMatch(/^__session=[^;]+;/);
});

test.each([
  [
    'DELETE /api/session',
    (cookie: string) =>
      deleteSession(
        new Request(`${SAME_ORIGIN}/api/session`, { method: 'DELETE', headers: { cookie, origin: SAME_ORIGIN } }),
      ),
    204,
  ],
  [
    'POST /logout',
    (cookie: string) =>
      logout(new Request(`${SAME_ORIGIN}/logout`, { method: 'POST', headers: { cookie, origin: SAME_ORIGIN } })),
    303,
  ],
] as const)('%s revokes the refresh tokens, so a copy of the cookie stops working', async (_name, signOut, status) => {
  const custodianId = uniqueId('signout');
  const user = await signedInUser({ custodianId }, 'signout');
  const cookie = await sessionCookieFor(user.idToken);
  expect((await summary(custodianId, cookie)).status).toBe(200);
  const before = await validSince(user.uid);

  await nextSecond(user.authTime);
  const response = await signOut(cookie);
  expect(response.status).toBe(status);
  expect(response.headers.get('set-cookie')).toMatch(/^__session=;.*Max-Age=0/);
  expect(await validSince(user.uid)).toBeGreaterThan(before);
  // The same server stops trusting the cookie at once; others within their cache TTL.
  expect((await summary(custodianId, cookie)).status).toBe(401);
});

// Auth refusing the revocation, for real: the user is deleted after this server cached their
// identity, so revokeRefreshTokens answers USER_NOT_FOUND, as it would answer an outage with an error.
test.each([
  [
    'DELETE /api/session',
    (cookie: string) =>
      deleteSession(
        new Request(`${SAME_ORIGIN}/api/session`, { method: 'DELETE', headers: { cookie, origin: SAME_ORIGIN } }),
      ),
    async (response: Response) => {
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toMatch(/other sessions could not be revoked/);
    },
  ],
  [
    'POST /logout',
    (cookie: string) =>
      logout(new Request(`${SAME_ORIGIN}/logout`, { method: 'POST', headers: { cookie, origin: SAME_ORIGIN } })),
    async (response: Response) => {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`${SAME_ORIGIN}/login?signout=incomplete`);
    },
  ],
] as const)(
  '%s still clears the cookie and says so when Auth refuses the revocation',
  async (_name, signOut, check) => {
    const custodianId = uniqueId('revokefail');
    const user = await signedInUser({ custodianId }, 'revokefail');
    const cookie = await sessionCookieFor(user.idToken);
    expect((await summary(custodianId, cookie)).status).toBe(200);
    await auth().deleteUser(user.uid);

    const response = await signOut(cookie);
    await check(response);
    expect(response.headers.get('set-cookie')).toMatch(/^__session=;.*Max-Age=0/);
  },
);
