// A client that stops reading: its queued frames are capped, and past the cap the server drops
// the connection (discarding the queue) and frees its slot, so the client reconnects and replays.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { eventHub } from '../../web/lib/stream/event-hub';
import { connectSse, openReaders } from '../../web/test/support/sse-client';
import { writeCompleted } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

// Web settings are read once per process (a Jest file is one): a 2 KiB queue, one stream a user.
process.env.SSE_MAX_QUEUED_BYTES = '2048';
process.env.SSE_MAX_STREAMS_PER_USER = '1';

const URL_ = 'http://localhost/api/events/global-stream';
let alpha: string;
let alphaToken: string;

beforeAll(async () => {
  alpha = uniqueId('cust-slow');
  alphaToken = await idTokenFor({ custodianId: alpha }, 'slow-alpha');
});

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

const rollover = () => ({ rolloverId: uniqueId('slow'), source: alpha, destination: uniqueId('other') });
const request = (abort: AbortController) =>
  new Request(URL_, { headers: { authorization: `Bearer ${alphaToken}` }, signal: abort.signal });
const connect = (token: string) => connectSse(globalStream, URL_, token);

test('a client that stops reading is dropped once its queue passes the cap, and its slot is freed', async () => {
  const abort = new AbortController();
  const stalled = await globalStream(request(abort));
  expect(stalled.status).toBe(200);
  try {
    // Nobody reads `stalled.body`: every frame stays queued on the server, like a client that stopped reading.
    await waitFor('the stalled stream subscribed', async () => eventHub().stats().subscribers === 1);
    // Frames keep coming until the queue passes the cap. A fixed count of writes then a 30 s wait failed
    // once in a full run, after the burst test had filled the emulator and the hub's listener lagged.
    await waitFor(
      'the stalled stream dropped',
      async () => {
        if (eventHub().stats().subscribers === 0) return true;
        await writeCompleted(db(), rollover());
        return undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    // Dropped, not closed: the queue is discarded, and the client sees an error, then reconnects.
    const reader = stalled.body!.getReader();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended cleanly';
      })(),
    ).rejects.toBeDefined();
    // The slot came back: the single allowed stream for alpha opens again.
    await connect(alphaToken);
  } finally {
    abort.abort();
  }
});
