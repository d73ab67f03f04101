// A revoked session, a disabled user and a changed claim lose access to the web APIs once the
// verification cache has run out (AUTH_CACHE_TTL_MS: 30 s by default, never more), against the Auth
// emulator. The clock (Date only) is moved past 30 s instead of waiting; the emulator calls run
// on real timers.
jest.mock('server-only', () => ({}));

import { currentMonth } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { auth, uniqueId } from '../support/firebase';
import { nextSecond, signedInUser } from '../support/identity';
import { sessionCookieFor } from '../support/web-session';
import { moveClockBy } from '../support/clock';

afterAll(() => warehouse().close());
afterEach(() => jest.useRealTimers());

/** The longest AUTH_CACHE_TTL_MS allows, plus a second: past it every credential is re-checked. */
const PAST_THE_CACHE_MS = 31_000;

const summary = (custodianId: string, headers: Record<string, string>) =>
  monthlySummary(
    new Request(`http://localhost/api/analytics/monthly-summary?custodianId=${custodianId}&month=${currentMonth()}`, {
      headers,
    }),
  );

test('a revoked session cookie is refused once the cache has run out', async () => {
  const custodianId = uniqueId('revoked');
  const user = await signedInUser({ custodianId }, 'revoked');
  const cookie = await sessionCookieFor(user.idToken);
  expect((await summary(custodianId, { cookie })).status).toBe(200);

  // Revocation has one-second precision: tokens signed in during the revoking second stay valid.
  await nextSecond(user.authTime);
  await auth().revokeRefreshTokens(user.uid);
  moveClockBy(PAST_THE_CACHE_MS);
  expect((await summary(custodianId, { cookie })).status).toBe(401);
});

test('a disabled user is refused once the cache has run out, with an ID token too', async () => {
  const custodianId = uniqueId('disabled');
  const user = await signedInUser({ custodianId }, 'disabled');
  const bearer = { authorization: `Bearer ${user.idToken}` };
  expect((await summary(custodianId, bearer)).status).toBe(200);

  await auth().updateUser(user.uid, { disabled: true });
  moveClockBy(PAST_THE_CACHE_MS);
  expect((await summary(custodianId, bearer)).status).toBe(401);
});

test('a changed claim counts once the cache has run out, without signing in again', async () => {
  const [before, after] = [uniqueId('claim-old'), uniqueId('claim-new')];
  const user = await signedInUser({ custodianId: before }, 'claims');
  const cookie = await sessionCookieFor(user.idToken);
  expect((await summary(before, { cookie })).status).toBe(200);

  await auth().setCustomUserClaims(user.uid, { custodianId: after });
  moveClockBy(PAST_THE_CACHE_MS);
  expect((await summary(before, { cookie })).status).toBe(403);
  expect((await summary(after, { cookie })).status).toBe(200);
});
