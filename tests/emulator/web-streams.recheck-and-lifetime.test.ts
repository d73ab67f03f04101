// An open SSE stream keeps checking who is on the other end, and does not live forever: a
// revoked or disabled user's stream, or one whose identity changed, closes within the re-check
// interval, and a stream past its lifetime ends cleanly, after which EventSource reconnects with
// Last-Event-ID and loses nothing.
jest.mock('server-only', () => ({}));

import { EventSource } from 'eventsource';
import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import type { Identity } from '../../web/lib/auth/identity';
import { streamSlots } from '../../web/lib/stream/stream-slots';
import { sseResponse } from '../../web/lib/stream/sse-response';
import { connectSse, frameIds as ids, openReaders, SseReader } from '../../web/test/support/sse-client';
import { writeCompleted, type Rollover } from '../../web/test/support/stream-events';
import { auth, db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

const URL_ = 'http://localhost/api/events/global-stream';
const SETTINGS = ['SSE_RECHECK_MS', 'SSE_MAX_LIFETIME_MS'];
const rollover = (source: string): Rollover => ({ rolloverId: uniqueId('life'), source, destination: uniqueId('o') });

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
  for (const key of SETTINGS) delete process.env[key];
});

describe('the periodic identity re-check', () => {
  const alpha: Identity = { uid: 'u-recheck', admin: false, custodianId: 'cust-recheck' };
  const open = (reverify: () => Promise<Identity | null>) => {
    const abort = new AbortController();
    const response = sseResponse(new Request(URL_, { signal: abort.signal }), { identity: alpha, reverify });
    const reader = new SseReader(response, abort);
    openReaders.push(reader);
    return reader;
  };

  test.each<[string, Identity | null]>([
    ['the identity is gone', null],
    ['the custodian changed', { ...alpha, custodianId: 'cust-other' }],
    ['admin was granted', { ...alpha, admin: true }],
    ['the uid changed', { ...alpha, uid: 'u-other' }],
  ])('closes the stream when %s', async (_, next) => {
    process.env.SSE_RECHECK_MS = '100';
    let current: Identity | null = alpha;
    let checks = 0;
    const reader = open(async () => {
      checks += 1;
      return current;
    });
    await reader.waitFor('two unchanged re-checks', () => checks >= 2, 5_000);
    expect(reader.ended).toBe(false);
    current = next;
    await reader.waitFor('the stream to close', (r) => r.ended, 5_000);
  });

  test('a failing check closes the stream (fail closed)', async () => {
    process.env.SSE_RECHECK_MS = '100';
    const reader = open(() => Promise.reject(new Error('auth backend unreachable')));
    await reader.waitFor('the stream to close', (r) => r.ended, 5_000);
  });
});

describe('through the route, with real Auth emulator users', () => {
  const signedInUser = async () => {
    const token = await idTokenFor({ custodianId: uniqueId('cust-rv') }, 'recheck');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      user_id: string;
      auth_time: number;
    };
    // Revocation compares whole seconds: act only once the sign-in's second has passed.
    await waitFor('the sign-in second to pass', async () => Math.floor(Date.now() / 1000) > payload.auth_time);
    return { token, uid: payload.user_id };
  };

  test.each([
    ['revoked', (uid: string) => auth().revokeRefreshTokens(uid)],
    ['disabled', (uid: string) => auth().updateUser(uid, { disabled: true })],
  ])('a %s user loses an open stream within the re-check', async (_, change) => {
    process.env.SSE_RECHECK_MS = '200';
    const { token, uid } = await signedInUser();
    const reader = await connectSse(globalStream, URL_, token);
    await change(uid);
    const changedAt = Date.now();
    // The identity layer may cache a verification for up to 30 s; the stream adds at most one re-check.
    await reader.waitFor('the stream to close', (r) => r.ended, 40_000);
    console.log(`stream closed ${Date.now() - changedAt} ms after the change`);
  });
});

describe('the maximum lifetime', () => {
  test('ends the stream cleanly and frees its slot; a Last-Event-ID reconnect gets what it missed', async () => {
    process.env.SSE_MAX_LIFETIME_MS = '1500';
    const custodian = uniqueId('cust-life');
    const token = await idTokenFor({ custodianId: custodian }, 'life');
    const reader = await connectSse(globalStream, URL_, token);
    const seen = await writeCompleted(db(), rollover(custodian));
    await reader.waitFor('the first event', (x) => ids(x).includes(seen));
    await reader.waitFor('the lifetime to end the stream', (r) => r.ended, 10_000);
    await waitFor('the slot freed', async () => streamSlots().open() === 0);

    delete process.env.SSE_MAX_LIFETIME_MS;
    const missed = await writeCompleted(db(), rollover(custodian));
    const resumed = await connectSse(globalStream, URL_, token, { 'Last-Event-ID': seen });
    await resumed.waitFor('the missed event', (x) => ids(x).includes(missed));
    expect(ids(resumed)).not.toContain(seen);
  });

  test('a real EventSource reconnects by itself with Last-Event-ID and sees every event once', async () => {
    process.env.SSE_MAX_LIFETIME_MS = '1500';
    const custodian = uniqueId('cust-es');
    const token = await idTokenFor({ custodianId: custodian }, 'life-es');
    const requests: (string | null)[] = [];
    const received: string[] = [];
    const source = new EventSource(URL_, {
      // The route handler itself stands in for the network: the client is the real one.
      fetch: (url, init) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${token}`);
        requests.push(headers.get('last-event-id'));
        return globalStream(new Request(url, { headers, signal: init.signal }));
      },
    });
    source.onmessage = (event) => received.push(event.lastEventId);
    try {
      await waitFor('the first connection', async () => source.readyState === source.OPEN);
      const written: string[] = [];
      // Keep writing across at least two lifetimes, so some writes land while the client is away.
      while (requests.length < 3) {
        written.push(await writeCompleted(db(), rollover(custodian)));
        await waitFor('the write delivered', async () => received.includes(written.at(-1)!), { timeoutMs: 15_000 });
      }
      expect(requests[0]).toBeNull();
      expect(requests.slice(1).every((id) => id !== null && written.includes(id))).toBe(true);
      expect(received.filter((id) => written.includes(id))).toEqual(written);
    } finally {
      source.close();
    }
  });
});
