// Fan-out cost: one event sent to N connections is turned into its SSE frame (JSON and bytes) once,
// and every connection enqueues the same bytes, so the work per event does not grow with viewers.
// Real sseStream responses, read as a client would; the counter wraps the real frame function.
jest.mock('server-only', () => ({}));

process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
process.env.DATABASE_URL ??= 'postgres://u:p@127.0.0.1:5432/db';

import type { Identity } from '@/lib/auth/identity';
import { sseStream, type StreamSource } from '@/lib/stream/sse-response';
import { formatFrame, type StreamEvent } from '@/lib/stream/stream-event';
import { SseReader } from './support/sse-client';

const CONNECTIONS = 40;

test(`one event to ${CONNECTIONS} connections is framed once, and each connection gets it`, async () => {
  const subscribers = new Set<(event: StreamEvent) => void>();
  let framed = 0;
  const source: StreamSource<StreamEvent> = {
    subscribe: (listener) => {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    visible: () => true,
    replayAfter: async () => ({ events: [], complete: true }),
    frame: (event) => {
      framed += 1;
      return formatFrame(event);
    },
  };
  const readers = Array.from({ length: CONNECTIONS }, (_, i) => {
    const identity: Identity = { uid: `u-frame-${i}`, admin: true, custodianId: null };
    const abort = new AbortController();
    const request = new Request('http://localhost/api/events/global-stream', { signal: abort.signal });
    return new SseReader(sseStream(request, { identity, reverify: async () => identity }, source), abort);
  });
  try {
    const event: StreamEvent = {
      id: 'etl-completed-frame-once',
      message: {
        type: 'etl_completed',
        eventType: 'etl.completed',
        rolloverId: 'frame-once',
        transferId: 'tr-frame-once',
        sourceCustodianId: 'cust-a',
        destinationCustodianId: 'cust-b',
        timestamp: new Date().toISOString(),
        source: 'global-analytics-stream',
      },
    };
    for (const subscriber of subscribers) subscriber(event);
    await Promise.all(readers.map((r) => r.waitFor('the frame', (x) => x.frames.length === 1, 5_000)));
    expect(readers.every((r) => r.frames[0]!.id === event.id)).toBe(true);
    expect(framed).toBe(1);
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
});
