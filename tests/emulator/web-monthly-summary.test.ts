// The monthly summary route and the session cookie, called directly against the emulators and
// the embedded PostgreSQL: real ETL output, tenancy (401/403/400) and cookie sign-in/out.
jest.mock('server-only', () => ({}));

import { currentMonth } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { DELETE as signOut, POST as signIn } from '../../web/app/api/session/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { waitForCompletion } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

afterAll(() => warehouse().close());

const URL_BASE = 'http://localhost/api/analytics/monthly-summary';
const get = (query: string, headers: Record<string, string> = {}) =>
  monthlySummary(new Request(`${URL_BASE}${query}`, { headers }));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

test('returns the three numbers and asOf for a custodian after a real ETL run', async () => {
  const completedAt = new Date();
  const l = rollover({ prefix: 'sum', amountCents: 250_075, completedAt, durationMs: 45 * 60_000 });
  const { rolloverId, sourceCustodianId: source, destinationCustodianId: destination } = l;
  const token = await idTokenFor({ custodianId: destination }, 'sum-user');
  const month = currentMonth(completedAt);
  const before = await get(`?month=${month}`, bearer(token));
  expect(await before.json()).toEqual({
    custodianId: destination,
    month,
    completedCount: 0,
    volumeCents: 0,
    avgCompletionMs: null,
    asOf: null,
  });

  await writeLifecycle(l);
  await waitForCompletion(rolloverId);
  const own = await get(`?month=${month}`, bearer(token));
  expect(own.status).toBe(200);
  const body = (await own.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    custodianId: destination,
    month,
    completedCount: 1,
    volumeCents: 250_075,
    avgCompletionMs: 45 * 60_000,
  });
  expect(typeof body.asOf).toBe('string');

  // The seed dashboard's URL form still works; etlComplete changes nothing (docs/contracts/api.md).
  const seedUrl = await get(`?custodianId=${destination}&month=${month}&etlComplete=true`, bearer(token));
  expect(seedUrl.status).toBe(200);
  expect(await seedUrl.json()).toEqual(body);

  const admin = await idTokenFor({ admin: true }, 'sum-admin');
  const viaAdmin = await get(`?custodianId=${source}&month=${month}`, bearer(admin));
  expect(await viaAdmin.json()).toMatchObject({ custodianId: source, completedCount: 1, volumeCents: 250_075 });
});

test('answers 401, 403 and 400 with the parameter named', async () => {
  const month = currentMonth();
  expect((await get(`?month=${month}`)).status).toBe(401);
  expect((await get(`?month=${month}`, bearer('garbage'))).status).toBe(401);

  const custodian = await idTokenFor({ custodianId: uniqueId('mine') }, 'sum-tenant');
  expect((await get(`?custodianId=someone-else&month=${month}`, bearer(custodian))).status).toBe(403);
  const noTenant = await idTokenFor({}, 'sum-nobody');
  expect((await get(`?month=${month}`, bearer(noTenant))).status).toBe(403);

  const badMonth = await get('?month=2025-13', bearer(custodian));
  expect(badMonth.status).toBe(400);
  expect(await errorOf(badMonth)).toMatch(/^month/);
  const badFlag = await get(`?month=${month}&etlComplete=yes`, bearer(custodian));
  expect(badFlag.status).toBe(400);
  expect(await errorOf(badFlag)).toMatch(/^etlComplete/);
  const noMonth = await get('', bearer(custodian));
  expect(noMonth.status).toBe(400);
  expect(await errorOf(noMonth)).toMatch(/month/);
  const blankCustodian = await get(`?custodianId=%20&month=${month}`, bearer(custodian));
  expect(await errorOf(blankCustodian)).toMatch(/^custodianId/);

  const admin = await idTokenFor({ admin: true }, 'sum-admin2');
  const adminWithout = await get(`?month=${month}`, bearer(admin));
  expect(adminWithout.status).toBe(400);
  expect(await errorOf(adminWithout)).toMatch(/custodianId/);
});

test('a session cookie from POST /api/session identifies the browser until DELETE clears it', async () => {
  const custodianId = uniqueId('cookie');
  const idToken = await idTokenFor({ custodianId }, 'sum-cookie');
  const created = await signIn(
    new Request('http://localhost/api/session', {
      method: 'POST',
      body: JSON.stringify({ idToken }),
      headers: { 'content-type': 'application/json' },
    }),
  );
  expect(created.status).toBe(200);
  const setCookie = created.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/^__session=[^;]+;.*HttpOnly/);
  const cookie = setCookie.split(';')[0]!;

  const summary = await get(`?month=${currentMonth()}`, { cookie });
  expect(summary.status).toBe(200);
  expect(await summary.json()).toMatchObject({ custodianId });
  expect((await get(`?month=${currentMonth()}`, { cookie: '__session=forged' })).status).toBe(401);

  const rejected = await signIn(
    new Request('http://localhost/api/session', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    }),
  );
  expect(rejected.status).toBe(400);
  expect(await errorOf(rejected)).toMatch(/idToken/);

  const cleared = await signOut(new Request('http://localhost/api/session', { method: 'DELETE', headers: { cookie } }));
  expect(cleared.headers.get('set-cookie')).toMatch(/^__session=;.*Max-Age=0/);
});
