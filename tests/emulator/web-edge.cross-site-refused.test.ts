// Every state-changing route (POST and DELETE /api/session, POST /logout, POST /api/admin/etl/*)
// refuses a request another site made the browser send (403), and one whose body is not declared
// JSON (415), and the refused request changes nothing: no cookie set or cleared, no refresh tokens
// revoked, no call reaching etlAdmin. Against the Auth, Firestore and Functions emulators.
jest.mock('server-only', () => ({}));

import { currentMonth } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { DELETE as deleteSession, POST as createSession } from '../../web/app/api/session/route';
import { POST as logout } from '../../web/app/logout/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { callAdminProxy } from '../support/admin-proxy';
import { auth, db, uniqueId } from '../support/firebase';
import { nextSecond, signedInUser } from '../support/identity';
import { SAME_ORIGIN, sessionCookieFor } from '../support/web-session';

const CROSS_SITE = [
  ['Origin: https://evil.example', { origin: 'https://evil.example' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
] as const;

// The ETL's pause switch (functions/src/etl/run-state.ts): what a cross-site POST /pause would flip.
const control = () => db().doc('etlControl/state');

afterAll(async () => {
  // Should a refused pause ever get through, leave the stack's ETL running for the next test file.
  if ((await control().get()).get('paused') === true) await control().set({ paused: false }, { merge: true });
  await warehouse().close();
});

const validSince = async (uid: string): Promise<string | undefined> => (await auth().getUser(uid)).tokensValidAfterTime;

async function signedInWithCookie(claims: Record<string, unknown>) {
  const user = await signedInUser(claims, 'xsite');
  const cookie = await sessionCookieFor(user.idToken);
  // Revocation has one-second precision: a revocation must be visible as a change if one happened.
  await nextSecond(user.authTime);
  return { ...user, cookie, validSince: await validSince(user.uid) };
}

const stillSignedIn = async (cookie: string, custodianId: string) =>
  (
    await monthlySummary(
      new Request(`${SAME_ORIGIN}/api/analytics/monthly-summary?custodianId=${custodianId}&month=${currentMonth()}`, {
        headers: { cookie },
      }),
    )
  ).status;

test.each(CROSS_SITE)('a cross-site POST /logout (%s) is 403 and signs nobody out', async (_name, headers) => {
  const custodianId = uniqueId('xsite-logout');
  const user = await signedInWithCookie({ custodianId });
  const response = await logout(
    new Request(`${SAME_ORIGIN}/logout`, { method: 'POST', headers: { ...headers, cookie: user.cookie } }),
  );
  expect(response.status).toBe(403);
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await validSince(user.uid)).toBe(user.validSince);
  expect(await stillSignedIn(user.cookie, custodianId)).toBe(200);
});

test.each(CROSS_SITE)('a cross-site DELETE /api/session (%s) is 403 and signs nobody out', async (_name, headers) => {
  const custodianId = uniqueId('xsite-delete');
  const user = await signedInWithCookie({ custodianId });
  const response = await deleteSession(
    new Request(`${SAME_ORIGIN}/api/session`, { method: 'DELETE', headers: { ...headers, cookie: user.cookie } }),
  );
  expect(response.status).toBe(403);
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await validSince(user.uid)).toBe(user.validSince);
});

test.each(CROSS_SITE)('a cross-site POST /api/session (%s) is 403 and sets no cookie', async (_name, headers) => {
  const user = await signedInUser({ custodianId: uniqueId('xsite-login') }, 'xsite');
  const response = await createSession(
    new Request(`${SAME_ORIGIN}/api/session`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: user.idToken }),
    }),
  );
  expect(response.status).toBe(403);
  expect(response.headers.get('set-cookie')).toBeNull();
});

test('POST /api/session with a body that is not declared JSON is 415 and sets no cookie', async () => {
  const user = await signedInUser({ custodianId: uniqueId('form-login') }, 'xsite');
  const response = await createSession(
    new Request(`${SAME_ORIGIN}/api/session`, {
      method: 'POST',
      headers: { origin: SAME_ORIGIN, 'content-type': 'text/plain' },
      body: JSON.stringify({ idToken: user.idToken }),
    }),
  );
  expect(response.status).toBe(415);
  expect(response.headers.get('set-cookie')).toBeNull();
});

test('a cross-site or non-JSON admin POST never reaches etlAdmin', async () => {
  const admin = await signedInWithCookie({ admin: true });
  const before = (await control().get()).data() ?? {};
  for (const [, headers] of CROSS_SITE) {
    const response = await callAdminProxy(`${SAME_ORIGIN}/api/admin/etl/pause`, {
      method: 'POST',
      headers: { ...headers, cookie: admin.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  }
  const form = await callAdminProxy(`${SAME_ORIGIN}/api/admin/etl/pause`, {
    method: 'POST',
    headers: { origin: SAME_ORIGIN, cookie: admin.cookie, 'content-type': 'text/plain' },
    body: '{}',
  });
  expect(form.status).toBe(415);
  // Neither flipped the switch nor touched its audit fields.
  expect((await control().get()).data() ?? {}).toEqual(before);
});

test('the same requests from the app itself still work', async () => {
  const custodianId = uniqueId('same-site');
  const user = await signedInUser({ custodianId }, 'xsite');
  const created = await createSession(
    new Request(`${SAME_ORIGIN}/api/session`, {
      method: 'POST',
      headers: {
        origin: SAME_ORIGIN,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ idToken: user.idToken }),
    }),
  );
  expect(created.status).toBe(200);
  const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
  const out = await logout(
    new Request(`${SAME_ORIGIN}/logout`, {
      method: 'POST',
      headers: { origin: SAME_ORIGIN, 'sec-fetch-site': 'same-origin', cookie },
    }),
  );
  expect(out.status).toBe(303);
  expect(out.headers.get('set-cookie')).toMatch(/^__session=;/);
});
