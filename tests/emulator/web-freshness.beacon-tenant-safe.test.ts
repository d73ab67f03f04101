// POST /api/events/freshness, the dashboards' freshness beacon, against the real Auth and Firestore
// emulators: a signed-in custodian's sample of its own etl.completed is stored (no user id, an
// expiry, the total of its two halves); another tenant's event, a non-signal event, a sample longer
// than the time since the commit, and a repeat are dropped with the same 204; no identity is 401,
// a cross-site post 403, a bad body 400, and past the per-user limit 429 with Retry-After.
jest.mock('server-only', () => ({}));

import { COLLECTIONS, EXPIRE_AT } from '@trustrails/contracts';
import { POST as beacon } from '../../web/app/api/events/freshness/route';
import { BEACONS_PER_MINUTE } from '../../web/lib/freshness/beacon-limit';
import { writeCompleted, writeEtlCompleted } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { SAME_ORIGIN } from '../support/web-session';

const post = (token: string | null, body: unknown, headers: Record<string, string> = {}) =>
  beacon(
    new Request(`${SAME_ORIGIN}/api/events/freshness`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: SAME_ORIGIN,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );

const samplesOf = async (eventId: string) =>
  (await db().collection(COLLECTIONS.streamFreshness).where('eventId', '==', eventId).get()).docs.map((d) => d.data());

const rollover = (source: string) => ({ rolloverId: uniqueId('fresh'), source, destination: uniqueId('dst') });

test("a custodian's sample of its own signal is stored once, without a user id, with an expiry", async () => {
  const alpha = uniqueId('cust-fresh');
  const token = await idTokenFor({ custodianId: alpha }, 'fresh');
  const eventId = await writeEtlCompleted(db(), rollover(alpha));
  // The sample cannot be longer than the time since the commit: wait until it can be.
  await new Promise((r) => setTimeout(r, 300));
  const sample = { eventId, commitToSendMs: 40, receiveToRenderMs: 160 };
  expect((await post(token, sample)).status).toBe(204);
  expect((await post(token, sample)).status).toBe(204);
  const stored = await samplesOf(eventId);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ eventId, commitToSendMs: 40, receiveToRenderMs: 160, totalMs: 200 });
  expect(Object.keys(stored[0]!).sort()).toEqual(
    ['commitToSendMs', EXPIRE_AT, 'eventId', 'receiveToRenderMs', 'recordedAt', 'totalMs'].sort(),
  );
  expect(stored[0]![EXPIRE_AT].toMillis()).toBeGreaterThan(Date.now() + 3_600_000);
});

test("another tenant's signal, a non-signal event and an impossible sample are dropped with the same 204", async () => {
  const alpha = uniqueId('cust-fresh');
  const token = await idTokenFor({ custodianId: alpha }, 'fresh');
  const others = await writeEtlCompleted(db(), rollover(uniqueId('cust-other')));
  const completed = await writeCompleted(db(), rollover(alpha));
  const own = await writeEtlCompleted(db(), rollover(alpha));
  for (const [eventId, receiveToRenderMs] of [
    [others, 10],
    [completed, 10],
    [uniqueId('etl-completed-missing'), 10],
    // Longer than the event has existed on the server's clock.
    [own, 60_000],
  ] as const) {
    expect((await post(token, { eventId, commitToSendMs: 5, receiveToRenderMs })).status).toBe(204);
    expect(await samplesOf(eventId)).toEqual([]);
  }
});

test('no identity 401, cross-site 403, not JSON 415, a bad body 400, and the per-user limit 429', async () => {
  const token = await idTokenFor({ custodianId: uniqueId('cust-fresh') }, 'fresh');
  const body = { eventId: uniqueId('etl-completed-x'), commitToSendMs: 1, receiveToRenderMs: 1 };
  expect((await post(null, body)).status).toBe(401);
  expect((await post(token, body, { origin: 'https://elsewhere.example' })).status).toBe(403);
  expect((await post(token, body, { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await post(token, { ...body, commitToSendMs: -1 })).status).toBe(400);
  expect((await post(token, { ...body, userEmail: 'a@b.c' })).status).toBe(400);
  expect((await post(token, { ...body, eventId: 'a/b' })).status).toBe(400);
  const answers = [];
  for (let i = 0; i <= BEACONS_PER_MINUTE; i++) answers.push(await post(token, body));
  expect(answers.slice(0, BEACONS_PER_MINUTE).every((r) => r.status === 204)).toBe(true);
  const limited = answers.at(-1)!;
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});
