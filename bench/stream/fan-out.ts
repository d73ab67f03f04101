// Fan-out: N SSE clients on one server, then etl.completed writes timed from the write to each
// client. Also the Firestore listeners the server holds and its RSS per connected client, read
// the same way for ours and the baseline (each server's own stats route, its own process). The
// floor is a bare Admin SDK listener in this process, on the query our server listens with, timed
// on the same writes: what any design pays before its own fan-out starts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { COLLECTIONS, STREAM_MESSAGE_TYPES } from '@trustrails/contracts';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { db, uniqueId } from '../../tests/support/firebase';
import { median, percentile } from '../lib/stats';
import { until } from './until';

export interface ServerStats {
  listeners: number;
  subscribers: number;
  rssBytes: number;
}

export interface StreamServer {
  streamUrl: string;
  stats(): Promise<ServerStats>;
}

export interface FanOut {
  clients: number;
  p50: number;
  p99: number;
  listeners: number;
  rssPerClientKb: number;
  /** Median over the writes of write -> first client, and of first -> last client: the emulator and listener path vs. the fan-out itself. */
  firstClient: number;
  spread: number;
  /** p99 event-loop delay of this bench process while it timed the writes: its own clients share one loop. */
  driverLoopDelayP99: number;
  /** The bare listener's write -> notify on the same writes, and each client's latency minus its write's floor. */
  floor: { p50: number; p99: number };
  overFloor: { p50: number; p99: number };
  /** Client streams the server ended and the client re-opened during the writes. */
  reopened: number;
}

/** The first writes warm the emulator's listener path and the server's code; they are not measured. */
const WARMUP_SIGNALS = 3;

function etlCompleted(rolloverId: string) {
  return {
    eventType: 'etl.completed',
    rolloverId,
    userId: 'system-etl',
    timestamp: FieldValue.serverTimestamp(),
    eventData: {
      transferId: `tr-${rolloverId}`,
      sourceCustodianId: 'bench-a',
      destinationCustodianId: 'bench-b',
      tablesPopulated: ['transfers'],
      processingTimeMs: 1,
      phaseTimingsMs: {},
      etlVersion: 'bench',
    },
    source: 'master-etl-orchestrator',
  };
}

async function connectOnce(url: string, token: string): Promise<void> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  await response.body!.getReader().read();
  abort.abort();
}

/** A bare listener on our server's query (every streamed type, by timestamp, from now): when each write reached it. */
function bareListener(notifiedAt: Map<string, number>): () => void {
  return db()
    .collection(COLLECTIONS.events)
    .where('eventType', 'in', Object.keys(STREAM_MESSAGE_TYPES))
    .orderBy('timestamp')
    .startAt(Timestamp.now())
    .onSnapshot((snapshot) => {
      const at = performance.now();
      for (const change of snapshot.docChanges()) if (change.type === 'added') notifiedAt.set(change.doc.id, at);
    });
}

/**
 * One SSE client, as light as it can be: 1,000 of them share this process's one event loop, and a
 * full EventSource (a general parser, events, state) spent more of it than the server spends
 * sending. Only the `id:` of each message is read; both designs send it first. A stream the server
 * ends is re-opened after the `retry: 2000` both send, as a browser would (the seed's design ends
 * a stream whose own listener fails).
 */
function openClient(
  url: string,
  token: string,
  onOpen: () => void,
  onId: (id: string) => void,
  onReopen: () => void,
): AbortController {
  const abort = new AbortController();
  const readOnce = async (): Promise<void> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
    onOpen();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const newline = frame.indexOf('\n');
        if (frame.startsWith('id: ')) onId(frame.slice(4, newline === -1 ? undefined : newline));
      }
    }
  };
  void (async () => {
    while (!abort.signal.aborted) {
      await readOnce().catch(() => undefined);
      if (abort.signal.aborted) return;
      onReopen();
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  return abort;
}

export async function fanOut(server: StreamServer, token: string, count: number, signals: number): Promise<FanOut> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const perSignal = new Map<string, number[]>();
  const floorAt = new Map<string, number>();
  const stopFloor = bareListener(floorAt);
  // One stream first, so loading the route's code and opening Firestore are not counted per client.
  await connectOnce(server.streamUrl, token);
  await until('the warm-up stream gone', async () => (await server.stats()).subscribers === 0);
  const before = await server.stats();
  let opened = 0;
  let reopened = 0;
  const onId = (id: string) => {
    const t0 = sentAt.get(id);
    if (t0 === undefined) return;
    const latency = performance.now() - t0;
    latencies.push(latency);
    perSignal.get(id)?.push(latency);
  };
  const clients = Array.from({ length: count }, () =>
    openClient(
      server.streamUrl,
      token,
      () => (opened += 1),
      onId,
      () => (reopened += 1),
    ),
  );
  try {
    await until(`${count} clients open`, async () => opened >= count, 120_000);
    // A re-open counts as "opened" too and would hide a client that never came back.
    if (reopened > 0) throw new Error(`${reopened} client streams ended while opening`);
    let during: ServerStats | null = null;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    for (let i = -WARMUP_SIGNALS; i < signals; i++) {
      if (i === 0) {
        latencies.length = 0;
        during = await server.stats();
        loop.enable();
      }
      const rolloverId = uniqueId('bench-fan');
      const id = `etl-completed-${rolloverId}`;
      const expected = latencies.length + count;
      if (i >= 0) perSignal.set(id, []);
      sentAt.set(id, performance.now());
      await db().collection(COLLECTIONS.events).doc(id).create(etlCompleted(rolloverId));
      // A warm-up write may miss a client whose stream is re-opening; a measured one may not.
      const atEvery = until(`signal ${i} at every client`, async () => latencies.length >= expected, 60_000);
      await (i < 0 ? atEvery.catch(() => undefined) : atEvery);
      await until(`signal ${i} at the bare listener`, async () => floorAt.has(id), 10_000);
    }
    loop.disable();
    const floorOf = (id: string) => floorAt.get(id)! - sentAt.get(id)!;
    const floor = [...perSignal.keys()].map(floorOf);
    const overFloor = [...perSignal].flatMap(([id, l]) => l.map((ms) => ms - floorOf(id)));
    return {
      clients: count,
      p50: median(latencies),
      p99: percentile(latencies, 99),
      listeners: during!.listeners,
      rssPerClientKb: (during!.rssBytes - before.rssBytes) / 1024 / count,
      firstClient: median([...perSignal.values()].map((l) => Math.min(...l))),
      spread: median([...perSignal.values()].map((l) => Math.max(...l) - Math.min(...l))),
      driverLoopDelayP99: loop.percentile(99) / 1e6,
      floor: { p50: median(floor), p99: percentile(floor, 99) },
      overFloor: { p50: median(overFloor), p99: percentile(overFloor, 99) },
      reopened,
    };
  } finally {
    stopFloor();
    clients.forEach((client) => client.abort());
  }
}
