// Limits of the SSE streams, against the emulators: per-user and per-process caps (429 with
// Retry-After, slots freed on close), Last-Event-ID replay served from the hub's ring buffer
// without Firestore reads, and a foreign event id that reveals nothing.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { eventHub } from '../../web/lib/stream/event-hub';
import { connectSse, frameIds as ids, openReaders, replayStatus } from '../../web/test/support/sse-client';
import { writeCompleted, writeEtlCompleted, type Rollover } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

const URL_ = 'http://localhost/api/events/global-stream';
// Web settings are read once per process (a Jest file is one): two streams a user, three in all.
process.env.SSE_MAX_STREAMS_PER_USER = '2';
process.env.SSE_MAX_STREAMS_PER_PROCESS = '3';
const connect = (token: string, headers: Record<string, string> = {}) => connectSse(globalStream, URL_, token, headers);
const request = (token: string, abort = new AbortController()) =>
  new Request(URL_, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
/** Responses a test expects to be refused; any that was not is closed after the test, so it cannot leak a stream. */
const unread: Response[] = [];
const attempt = async (token: string): Promise<Response> => {
  const response = await globalStream(request(token));
  unread.push(response);
  return response;
};
const rollover = (source: string, destination = uniqueId('other')): Rollover => ({
  rolloverId: uniqueId('lim'),
  source,
  destination,
});

let admin: string;
let alpha: string;
let alphaToken: string;
let beta: string;
let betaToken: string;

beforeAll(async () => {
  alpha = uniqueId('cust-a');
  beta = uniqueId('cust-b');
  [admin, alphaToken, betaToken] = await Promise.all([
    idTokenFor({ admin: true }, 'lim-admin'),
    idTokenFor({ custodianId: alpha }, 'lim-alpha'),
    idTokenFor({ custodianId: beta }, 'lim-beta'),
  ]);
});

beforeEach(async () => {
  await waitFor('no streams left from earlier tests', async () => eventHub().stats().subscribers === 0);
});

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
  await Promise.all(unread.splice(0).map((r) => r.body?.cancel().catch(() => undefined)));
});

test('past the per-user cap a stream gets 429 with Retry-After; closing one frees its slot', async () => {
  const first = await connect(alphaToken);
  await connect(alphaToken);
  const refused = await attempt(alphaToken);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await refused.json()) as { error: string }).error).toMatch(/streams/);
  // Another user is not affected by alpha's cap.
  await connect(betaToken);

  await first.close();
  await waitFor('the freed slot', async () => {
    return (await attempt(alphaToken)).status === 200;
  });
});

test('past the per-process cap any user gets 429, until a stream ends', async () => {
  await connect(alphaToken);
  await connect(alphaToken);
  const beta1 = await connect(betaToken);
  // The admin holds no stream: only the process cap can refuse it.
  const refused = await attempt(admin);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await refused.json()) as { error: string }).error).toMatch(/server/);
  await beta1.close();
  await waitFor('the freed process slot', async () => (await attempt(admin)).status === 200);
});

test('a reconnect with Last-Event-ID is served from the ring buffer, with no Firestore reads', async () => {
  // An admin stream keeps the shared listener (and so the buffer) alive across alpha's reconnect.
  const watcher = await connect(admin);
  const reader = await connect(alphaToken);
  const r = rollover(alpha);
  const seen = await writeCompleted(db(), r);
  await reader.waitFor('the first event', (x) => ids(x).includes(seen));
  await reader.close();
  const missed = [await writeEtlCompleted(db(), r), await writeCompleted(db(), rollover(uniqueId('o'), alpha))];
  const foreign = await writeCompleted(db(), rollover(beta));
  await watcher.waitFor('every write reached the hub', (x) => [...missed, foreign].every((id) => ids(x).includes(id)));

  const before = eventHub().stats().replay;
  const resumed = await connect(alphaToken, { 'Last-Event-ID': seen });
  await resumed.waitFor('the missed events', (x) => missed.every((id) => ids(x).includes(id)));
  const after = eventHub().stats().replay;
  expect(after.fromBuffer).toBe(before.fromBuffer + 1);
  expect(after.fromFirestore).toBe(before.fromFirestore);
  expect(after.firestoreDocsRead).toBe(before.firestoreDocsRead);
  expect(ids(resumed)).not.toContain(seen);
  expect(ids(resumed)).not.toContain(foreign);
  expect(ids(resumed).indexOf(missed[0]!)).toBeLessThan(ids(resumed).indexOf(missed[1]!));
  // It resumed right after the client's last event: the client is told it missed nothing.
  await resumed.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(resumed)).toBe(true);
});

test('after a restart-like gap the replay falls back to one bounded Firestore query', async () => {
  const r = rollover(alpha);
  const last = await writeCompleted(db(), r);
  const missed = await writeEtlCompleted(db(), r);
  // No stream is open, so the hub's buffer holds nothing from before this reconnect.
  const before = eventHub().stats().replay;
  const resumed = await connect(alphaToken, { 'Last-Event-ID': last });
  await resumed.waitFor('the missed event', (x) => ids(x).includes(missed));
  const after = eventHub().stats().replay;
  expect(after.fromFirestore).toBe(before.fromFirestore + 1);
  expect(after.firestoreDocsRead).toBeGreaterThan(before.firestoreDocsRead);
  await resumed.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(resumed)).toBe(true);
});

describe("another custodian's event id reveals nothing", () => {
  // Today's oracle: a foreign id that exists starts the replay after it, an unknown one replays
  // the whole window, so the difference tells a custodian that the id exists and where it sits.
  const scenario = async (keepHubOpen: boolean) => {
    if (keepHubOpen) await connect(admin);
    const own1 = await writeCompleted(db(), rollover(alpha));
    const theirs = await writeCompleted(db(), rollover(beta));
    const own2 = await writeCompleted(db(), rollover(alpha));
    if (keepHubOpen)
      await openReaders[0]!.waitFor('the writes', (x) => [own1, theirs, own2].every((id) => ids(x).includes(id)));
    const viaForeign = await connect(alphaToken, { 'Last-Event-ID': theirs });
    const viaUnknown = await connect(alphaToken, { 'Last-Event-ID': uniqueId('no-such-event') });
    for (const reader of [viaForeign, viaUnknown])
      await reader.waitFor('the replayed window', (x) => ids(x).includes(own2));
    const mine = (list: string[]) => list.filter((id) => id === own1 || id === own2);
    expect(mine(ids(viaForeign))).toEqual([own1, own2]);
    expect(mine(ids(viaForeign))).toEqual(mine(ids(viaUnknown)));
    expect(ids(viaForeign)).not.toContain(theirs);
    // Neither id could be resumed from: both clients are told the gap is unknown, alike.
    for (const reader of [viaForeign, viaUnknown])
      await reader.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
    expect([replayStatus(viaForeign), replayStatus(viaUnknown)]).toEqual([false, false]);
  };

  test('when the replay comes from Firestore', () => scenario(false));
  test('when the hub buffered the foreign event', () => scenario(true));
});
