// The SSE route handlers, called directly against the emulators: headers and frames, tenant
// filtering, Last-Event-ID replay, heartbeats, one shared listener and its cleanup, and the
// 401/403/400 answers.
jest.mock('server-only', () => ({}));

import { StreamMessage } from '@trustrails/contracts';
import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { GET as rolloverStream } from '../../web/app/api/events/rollover-stream/route';
import { GET as streamStats } from '../../web/app/api/events/stats/route';
import { eventHub } from '../../web/lib/stream/event-hub';
import {
  connectSse,
  frameIds as ids,
  openReaders,
  SseReader,
  type RouteHandler,
} from '../../web/test/support/sse-client';
import { writeCompleted, writeEtlCompleted, writeEtlFailed, type Rollover } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

const BASE = 'http://localhost/api/events';
// Web settings are read once per process, and a Jest file is one: short pings for the heartbeat
// test, and room past the per-user cap for the fan-out test's 25 streams of two users.
process.env.SSE_HEARTBEAT_MS = '100';
process.env.SSE_MAX_STREAMS_PER_USER = '25';

const open = openReaders;
const connect = (handler: RouteHandler, path: string, token: string, headers: Record<string, string> = {}) =>
  connectSse(handler, `${BASE}/${path}`, token, headers);

const rollover = (source: string, destination = uniqueId('other')): Rollover => ({
  rolloverId: uniqueId('sse'),
  source,
  destination,
});

let admin: string;
let alphaToken: string;
let betaToken: string;
let alpha: string;
let beta: string;

beforeAll(async () => {
  alpha = uniqueId('cust-a');
  beta = uniqueId('cust-b');
  [admin, alphaToken, betaToken] = await Promise.all([
    idTokenFor({ admin: true }, 'sse-admin'),
    idTokenFor({ custodianId: alpha }, 'sse-alpha'),
    idTokenFor({ custodianId: beta }, 'sse-beta'),
  ]);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

test('answers 401 without identity, 403 to outsiders and 400 naming the bad parameter', async () => {
  expect((await globalStream(new Request(`${BASE}/global-stream`))).status).toBe(401);
  const bad = await globalStream(
    new Request(`${BASE}/global-stream`, { headers: { authorization: 'Bearer not-a-token' } }),
  );
  expect(bad.status).toBe(401);
  expect((await rolloverStream(new Request(`${BASE}/rollover-stream?rolloverId=x`))).status).toBe(401);

  const missing = await rolloverStream(
    new Request(`${BASE}/rollover-stream`, { headers: { authorization: `Bearer ${alphaToken}` } }),
  );
  expect(missing.status).toBe(400);
  expect(((await missing.json()) as { error: string }).error).toMatch(/rolloverId/);
  const unknown = await globalStream(
    new Request(`${BASE}/global-stream?bogus=1`, { headers: { authorization: `Bearer ${alphaToken}` } }),
  );
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { error: string }).error).toMatch(/bogus/);

  const foreign = rollover(beta);
  await writeCompleted(db(), foreign);
  const forbidden = await rolloverStream(
    new Request(`${BASE}/rollover-stream?rolloverId=${foreign.rolloverId}`, {
      headers: { authorization: `Bearer ${alphaToken}` },
    }),
  );
  expect(forbidden.status).toBe(403);
  const stats = await streamStats(new Request(`${BASE}/stats`, { headers: { authorization: `Bearer ${alphaToken}` } }));
  expect(stats.status).toBe(403);
});

test('sends the contract headers and id + one-line data frames with the type mapping', async () => {
  const abort = new AbortController();
  const response = await globalStream(
    new Request(`${BASE}/global-stream`, { headers: { authorization: `Bearer ${admin}` }, signal: abort.signal }),
  );
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
  expect(response.headers.get('connection')).toBe('keep-alive');
  expect(response.headers.get('x-accel-buffering')).toBe('no');
  const reader = new SseReader(response, abort);
  open.push(reader);
  await reader.waitFor('the greeting', (r) => r.comments.includes('connected'));

  const r = rollover(alpha);
  const completedId = await writeCompleted(db(), r);
  const etlId = await writeEtlCompleted(db(), r);
  await reader.waitFor('both events', (x) => ids(x).includes(completedId) && ids(x).includes(etlId));

  const frames = reader.frames.filter((f) => f.id === completedId || f.id === etlId);
  for (const frame of frames) {
    expect(frame.raw.split('\n')).toHaveLength(2);
    expect(() => StreamMessage.parse(JSON.parse(frame.data!))).not.toThrow();
  }
  const byId = Object.fromEntries(reader.messages().map((m) => [m.id, m]));
  expect(byId[completedId]).toMatchObject({
    type: 'transfer_completed',
    eventType: 'rollover.completed',
    rolloverId: r.rolloverId,
    transferId: `tr-${r.rolloverId}`,
    sourceCustodianId: alpha,
    destinationCustodianId: r.destination,
    source: 'global-analytics-stream',
  });
  expect(byId[etlId]).toMatchObject({
    type: 'etl_completed',
    eventType: 'etl.completed',
    tablesPopulated: ['transfers', 'analytics_time_series'],
    processingTimeMs: 42,
  });
  expect(new Date(byId[etlId]!.timestamp as string).toISOString()).toBe(byId[etlId]!.timestamp);
});

test('a custodian gets only its own events, an admin gets all', async () => {
  const [alphaReader, betaReader, adminReader] = [
    await connect(globalStream, 'global-stream', alphaToken),
    await connect(globalStream, 'global-stream', betaToken),
    await connect(globalStream, 'global-stream', admin),
  ];
  const mine = rollover(alpha);
  const incoming = rollover(uniqueId('other'), alpha);
  const theirs = rollover(beta);
  const ours = await Promise.all([
    writeCompleted(db(), mine),
    writeCompleted(db(), incoming),
    writeEtlCompleted(db(), mine),
  ]);
  const other = await writeCompleted(db(), theirs);

  await adminReader.waitFor('all four', (r) => [...ours, other].every((id) => ids(r).includes(id)));
  await alphaReader.waitFor('alpha events', (r) => ours.every((id) => ids(r).includes(id)));
  await betaReader.waitFor('beta event', (r) => ids(r).includes(other));
  expect(ids(alphaReader)).not.toContain(other);
  expect(ours.some((id) => ids(betaReader).includes(id))).toBe(false);
  for (const m of alphaReader.messages()) expect([m.sourceCustodianId, m.destinationCustodianId]).toContain(alpha);
  for (const m of betaReader.messages()) expect([m.sourceCustodianId, m.destinationCustodianId]).toContain(beta);
});

test('etl.failed reaches the parties named by the run document, and admins', async () => {
  const rolloverId = uniqueId('failed');
  await db()
    .collection('etlRuns')
    .doc(rolloverId)
    .set({
      rolloverId,
      transferId: `tr-${rolloverId}`,
      sourceCustodianId: alpha,
      destinationCustodianId: uniqueId('other'),
      status: 'ERROR',
    });
  const alphaReader = await connect(globalStream, 'global-stream', alphaToken);
  const betaReader = await connect(globalStream, 'global-stream', betaToken);
  const failedId = await writeEtlFailed(db(), rolloverId);
  const marker = await writeCompleted(db(), rollover(beta));
  await alphaReader.waitFor('etl_failed', (r) => ids(r).includes(failedId));
  expect(alphaReader.messages().find((m) => m.id === failedId)).toMatchObject({
    type: 'etl_failed',
    sourceCustodianId: alpha,
    transferId: `tr-${rolloverId}`,
  });
  await betaReader.waitFor('a later beta event', (r) => ids(r).includes(marker));
  expect(ids(betaReader)).not.toContain(failedId);
});

test('without Last-Event-ID only newer events arrive; with it, the events after it replay, then live', async () => {
  const r = rollover(alpha);
  const before = await writeCompleted(db(), r);
  const reader = await connect(globalStream, 'global-stream', alphaToken);
  const after = await writeEtlCompleted(db(), r);
  await reader.waitFor('the newer event', (x) => ids(x).includes(after));
  expect(ids(reader)).not.toContain(before);

  const r2 = rollover(alpha);
  const second = await writeCompleted(db(), r2);
  const third = await writeEtlCompleted(db(), r2);
  const resumed = await connect(globalStream, 'global-stream', alphaToken, { 'Last-Event-ID': after });
  await resumed.waitFor('the replay', (x) => ids(x).includes(second) && ids(x).includes(third));
  const live = await writeCompleted(db(), rollover(alpha));
  await resumed.waitFor('the live event', (x) => ids(x).includes(live));
  const seen = ids(resumed);
  expect(seen).not.toContain(before);
  expect(seen).not.toContain(after);
  expect(seen.indexOf(second)).toBeLessThan(seen.indexOf(third));
  expect(seen.indexOf(third)).toBeLessThan(seen.indexOf(live));
  expect(new Set(seen).size).toBe(seen.length);
});

test('replay reaches at most five minutes back', async () => {
  const custodian = uniqueId('window');
  const token = await idTokenFor({ custodianId: custodian }, 'sse-window');
  const now = Date.now();
  const oldest = await writeCompleted(db(), rollover(custodian), new Date(now - 10 * 60_000));
  const stale = await writeCompleted(db(), rollover(custodian), new Date(now - 7 * 60_000));
  const recent = await writeCompleted(db(), rollover(custodian), new Date(now - 60_000));
  const reader = await connect(globalStream, 'global-stream', token, { 'Last-Event-ID': oldest });
  await reader.waitFor('the recent event', (x) => ids(x).includes(recent));
  expect(ids(reader)).not.toContain(stale);
});

test('sends `: ping` heartbeats at the configured interval', async () => {
  const reader = await connect(globalStream, 'global-stream', alphaToken);
  await reader.waitFor('three pings', (r) => r.comments.filter((c) => c === 'ping').length >= 3, 2_000);
});

test('many clients share exactly one Firestore listener, released when the last disconnects', async () => {
  await waitFor('no leftover subscribers', async () => eventHub().stats().subscribers === 0);
  const readers = await Promise.all(
    Array.from({ length: 25 }, (_, i) => connect(globalStream, 'global-stream', i % 2 ? alphaToken : admin)),
  );
  expect(eventHub().stats()).toMatchObject({ listeners: 1, subscribers: 25 });
  const r = rollover(alpha);
  const id = await writeEtlCompleted(db(), r);
  await Promise.all(readers.map((reader) => reader.waitFor('the fanned-out event', (x) => ids(x).includes(id))));

  const stats = await streamStats(new Request(`${BASE}/stats`, { headers: { authorization: `Bearer ${admin}` } }));
  expect(await stats.json()).toMatchObject({ listeners: 1, subscribers: 25 });

  await Promise.all(readers.slice(0, 24).map((reader) => reader.close()));
  await waitFor('24 subscribers gone', async () => eventHub().stats().subscribers === 1);
  expect(eventHub().stats().listeners).toBe(1);
  await readers[24]!.close();
  await waitFor('the listener released', async () => {
    const s = eventHub().stats();
    return s.subscribers === 0 && s.listeners === 0;
  });
});

test('the rollover stream carries one rollover to its parties and admins', async () => {
  const r = rollover(alpha);
  const first = await writeCompleted(db(), r);
  const party = await connect(rolloverStream, `rollover-stream?rolloverId=${r.rolloverId}`, alphaToken, {
    'Last-Event-ID': first,
  });
  const adminReader = await connect(rolloverStream, `rollover-stream?rolloverId=${r.rolloverId}`, admin);
  const noise = await writeCompleted(db(), rollover(alpha));
  const etl = await writeEtlCompleted(db(), r);
  await party.waitFor('the ETL signal', (x) => ids(x).includes(etl));
  await adminReader.waitFor('the ETL signal', (x) => ids(x).includes(etl));
  expect(ids(party)).not.toContain(noise);
  expect(party.messages().every((m) => m.rolloverId === r.rolloverId)).toBe(true);
});
