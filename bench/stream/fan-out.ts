// Fan-out: N SSE clients on one server, then etl.completed writes timed from the write to each
// client. Also the Firestore listeners the server holds and its RSS per connected client, read
// the same way for ours and the baseline (each server's own stats route, its own process).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FieldValue } from 'firebase-admin/firestore';
import { EventSource } from 'eventsource';
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

export async function fanOut(server: StreamServer, token: string, count: number, signals: number): Promise<FanOut> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const perSignal = new Map<string, number[]>();
  // One stream first, so loading the route's code and opening Firestore are not counted per client.
  await connectOnce(server.streamUrl, token);
  await until('the warm-up stream gone', async () => (await server.stats()).subscribers === 0);
  const before = await server.stats();
  let opened = 0;
  const clients = Array.from({ length: count }, () => {
    const es = new EventSource(server.streamUrl, {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
    });
    es.onopen = () => (opened += 1);
    es.onmessage = (event) => {
      const t0 = sentAt.get(event.lastEventId);
      if (t0 === undefined) return;
      const latency = performance.now() - t0;
      latencies.push(latency);
      perSignal.get(event.lastEventId)?.push(latency);
    };
    return es;
  });
  try {
    await until(`${count} clients open`, async () => opened >= count, 120_000);
    // A reconnect would count twice as "opened" and hide a client that never came back.
    if (opened !== count) throw new Error(`${opened - count} clients reconnected while opening`);
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
      await db().collection('events').doc(id).create(etlCompleted(rolloverId));
      await until(`signal ${i} at every client`, async () => latencies.length >= expected, 60_000);
    }
    loop.disable();
    return {
      clients: count,
      p50: median(latencies),
      p99: percentile(latencies, 99),
      listeners: during!.listeners,
      rssPerClientKb: (during!.rssBytes - before.rssBytes) / 1024 / count,
      firstClient: median([...perSignal.values()].map((l) => Math.min(...l))),
      spread: median([...perSignal.values()].map((l) => Math.max(...l) - Math.min(...l))),
      driverLoopDelayP99: loop.percentile(99) / 1e6,
    };
  } finally {
    clients.forEach((es) => es.close());
  }
}
