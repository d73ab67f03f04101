// A stream past its maximum lifetime ends cleanly and frees its slot; a reconnect with
// Last-Event-ID (a real EventSource does it by itself) gets what it missed, each event once.
jest.mock('server-only', () => ({}));

import { EventSource } from 'eventsource';
import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { streamSlots } from '../../web/lib/stream/stream-slots';
import { connectSse, frameIds as ids, openReaders } from '../../web/test/support/sse-client';
import { writeCompleted, type Rollover } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

// Web settings are read once per process (a Jest file is one): streams live at most 5 s.
process.env.SSE_MAX_LIFETIME_MS = '5000';

const URL_ = 'http://localhost/api/events/global-stream';
const rollover = (source: string): Rollover => ({ rolloverId: uniqueId('life'), source, destination: uniqueId('o') });

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

describe('the maximum lifetime', () => {
  test('ends the stream cleanly and frees its slot; a Last-Event-ID reconnect gets what it missed', async () => {
    const custodian = uniqueId('cust-life');
    const token = await idTokenFor({ custodianId: custodian }, 'life');
    const reader = await connectSse(globalStream, URL_, token);
    const openedAt = Date.now();
    await reader.waitFor('the lifetime to end the stream', (r) => r.ended, 20_000);
    // Its lifetime, not something else: at most 10 % early (less the time the greeting took).
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(4_000);
    await waitFor('the slot freed', async () => streamSlots().open() === 0);

    // The client had seen `seen`; `missed` came while it was away.
    const seen = await writeCompleted(db(), rollover(custodian));
    const missed = await writeCompleted(db(), rollover(custodian));
    const resumed = await connectSse(globalStream, URL_, token, { 'Last-Event-ID': seen });
    await resumed.waitFor('the missed event', (x) => ids(x).includes(missed));
    expect(ids(resumed)).not.toContain(seen);
  });

  test('a real EventSource reconnects by itself with Last-Event-ID and sees every event once', async () => {
    const custodian = uniqueId('cust-es');
    const token = await idTokenFor({ custodianId: custodian }, 'life-es');
    // What each connection sent as Last-Event-ID, beside the last id the client had received
    // by then: a reconnect must carry exactly that (none before the first event arrives).
    const requests: { sent: string | null; lastReceived: string | null }[] = [];
    const received: string[] = [];
    const source = new EventSource(URL_, {
      // The route handler itself stands in for the network: the client is the real one.
      fetch: (url, init) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${token}`);
        requests.push({ sent: headers.get('last-event-id'), lastReceived: received.at(-1) ?? null });
        return globalStream(new Request(url, { headers, signal: init.signal }));
      },
    });
    source.onmessage = (event) => received.push(event.lastEventId);
    const resumedWithId = () => requests.filter((r) => r.sent !== null).length;
    try {
      await waitFor('the first connection', async () => source.readyState === source.OPEN);
      const written: string[] = [];
      // Keep writing until two reconnects have resumed from an event, so some writes land while
      // the client is away. (On a slow machine a lifetime can end before the first event arrives.)
      while (resumedWithId() < 2) {
        written.push(await writeCompleted(db(), rollover(custodian)));
        await waitFor('the write delivered', async () => received.includes(written.at(-1)!), { timeoutMs: 15_000 });
      }
      expect(requests[0]?.sent).toBeNull();
      expect(requests.map((r) => r.sent)).toEqual(requests.map((r) => r.lastReceived));
      expect(received.filter((id) => written.includes(id))).toEqual(written);
    } finally {
      source.close();
    }
  });
});
