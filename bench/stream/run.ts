/// <reference lib="dom" />
// `npm run bench:stream`: the SSE fan-out, browser freshness, card skew and leak figures of issue 4,
// each printed beside its target. Runs under scripts/stack/exec.ts; starts `next start` itself
// (or uses E2E_BASE_URL) and needs `next build` first.
import { FieldValue } from 'firebase-admin/firestore';
import { EventSource } from 'eventsource';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { seedDemoUsers } from '../../scripts/stack/seed-users';
import { launchChromium, signIn, waitForCards } from '../../tests/e2e/support/browser';
import { startWebServer, type WebServer } from '../../tests/e2e/support/web-server';
import { closeFirebase, db, uniqueId } from '../../tests/support/firebase';
import { idTokenFor } from '../../tests/support/identity';
import { lifecycle, writeEvents } from '../../tests/support/lifecycle';
import { median, percentile, report } from '../lib/stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 20);
const ROLLOVERS = Number(process.env.BENCH_ROLLOVERS ?? 10);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 1000);
/** Cycles before the baseline reading, so lazily loaded code and warmed caches are not counted as growth. */
const WARMUP_CYCLES = 100;

interface ServerStats {
  listeners: number;
  subscribers: number;
  rssBytes: number;
  heapUsedBytes: number;
}

// No `?gc=1`: `next start` is production, where a forced collection does not exist (404).
async function stats(web: WebServer, token: string): Promise<ServerStats> {
  const url = `${web.baseUrl}/api/events/stats`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as ServerStats;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fanOut(web: WebServer, token: string): Promise<boolean> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let opened = 0;
  const clients = Array.from({ length: CLIENTS }, () => {
    const es = new EventSource(`${web.baseUrl}/api/events/global-stream`, {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
    });
    es.onopen = () => (opened += 1);
    es.onmessage = (event) => {
      const t0 = sentAt.get(event.lastEventId);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    };
    return es;
  });
  await until(`${CLIENTS} clients open`, async () => opened === CLIENTS);
  const listeners = (await stats(web, token)).listeners;
  // The first writes warm the emulator's listener path; they are not measured.
  const WARMUP = 3;
  for (let i = -WARMUP; i < SIGNALS; i++) {
    if (i === 0) latencies.length = 0;
    const rolloverId = uniqueId('bench-fan');
    const id = `etl-completed-${rolloverId}`;
    const expected = latencies.length + CLIENTS;
    sentAt.set(id, performance.now());
    await db()
      .collection('events')
      .doc(id)
      .create({
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
      });
    await until(`signal ${i} at every client`, async () => latencies.length >= expected, 10_000);
  }
  clients.forEach((es) => es.close());
  console.log(`fan-out: ${CLIENTS} clients x ${SIGNALS} etl.completed writes`);
  return [
    report('fan-out p99, etl.completed write -> client', percentile(latencies, 99), 'ms', { op: '<=', value: 100 }),
    report('fan-out median', median(latencies), 'ms', null),
    report('Firestore listeners held by the server', listeners, '', { op: '<=', value: 1 }),
  ].every(Boolean);
}

async function freshness(web: WebServer): Promise<boolean> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await signIn(page, web.baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
    await waitForCards(page);
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]');
    // Plain-text scripts: tsx's helpers (__name) do not exist inside the page.
    await page.evaluate(`
      window.__changes = {};
      for (const id of ['card-volume', 'card-avg-time', 'card-completion-count']) {
        new MutationObserver(() => { window.__changes[id] ??= { at: Date.now(), perf: performance.now() }; })
          .observe(document.querySelector('[data-testid="' + id + '"]'), { attributes: true, attributeFilter: ['data-value'] });
      }
    `);
    const fresh: number[] = [];
    const skews: number[] = [];
    for (let i = 0; i < ROLLOVERS; i++) {
      await page.evaluate('window.__changes = {}');
      const count = Number(await page.getAttribute('[data-testid="card-completion-count"]', 'data-value'));
      const completedAt = new Date();
      const l = lifecycle({
        rolloverId: uniqueId('bench-fresh'),
        sourceCustodianId: 'custodian-alpha',
        destinationCustodianId: uniqueId('bench-dst'),
        amountCents: 10_000 + i,
        // Growing durations, so the average (and its card) moves with every rollover.
        initiatedAt: new Date(completedAt.getTime() - 3_600_000 - (i + 1) * 420_000),
        completedAt,
      });
      await writeEvents(db(), l.before);
      const t0 = Date.now();
      await writeEvents(db(), [l.completed]);
      await page.waitForSelector(`[data-testid="card-completion-count"][data-value="${count + 1}"]`, {
        timeout: 60_000,
      });
      const changes = (await page.evaluate('Object.values(window.__changes)')) as { at: number; perf: number }[];
      fresh.push(Math.max(...changes.map((c) => c.at)) - t0);
      skews.push(
        changes.length === 3
          ? Math.max(...changes.map((c) => c.perf)) - Math.min(...changes.map((c) => c.perf))
          : Number.POSITIVE_INFINITY,
      );
    }
    console.log(`browser: ${ROLLOVERS} rollovers through the real ETL (the first includes a cold worker)`);
    return [
      report('freshness median, rollover.completed -> 3 cards', median(fresh), 'ms', { op: '<=', value: 1500 }),
      report('freshness max', Math.max(...fresh), 'ms', null),
      report('card skew, largest first-to-last card change', Math.max(...skews), 'ms', { op: '<=', value: 50 }),
    ].every(Boolean);
  } finally {
    await browser.close();
  }
}

async function leaks(web: WebServer, token: string): Promise<boolean> {
  const once = async () => {
    const abort = new AbortController();
    const response = await fetch(`${web.baseUrl}/api/events/global-stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    await response.body!.getReader().read();
    abort.abort();
  };
  const cycle = async (count: number) => {
    for (let done = 0; done < count; done += 20)
      await Promise.all(Array.from({ length: Math.min(20, count - done) }, once));
    await until('every subscriber gone', async () => (await stats(web, token)).subscribers === 0);
  };
  await cycle(WARMUP_CYCLES);
  const before = await stats(web, token);
  await cycle(CYCLES);
  const after = await stats(web, token);
  const mb = (bytes: number) => bytes / 1_048_576;
  console.log(
    `leaks: ${CYCLES} connect/disconnect cycles after ${WARMUP_CYCLES} warm-up cycles, ` +
      'readings without a forced GC (production has no ?gc=1)',
  );
  return [
    report('server RSS growth', mb(after.rssBytes - before.rssBytes), 'MB', { op: '<=', value: 10 }),
    report('server heap growth', mb(after.heapUsedBytes - before.heapUsedBytes), 'MB', null),
    report('Firestore listeners after the cycles', after.listeners, '', { op: '<=', value: 1 }),
  ].every(Boolean);
}

/**
 * The bench's `next start` inherits these: every client signs in as one admin, far past the
 * per-user cap that protects production, and the stats route (off in production) must answer.
 */
function benchStreamSettings(): void {
  const streams = String(Math.max(CLIENTS + 100, 2_000));
  process.env.SSE_MAX_STREAMS_PER_USER ??= streams;
  process.env.SSE_MAX_STREAMS_PER_PROCESS ??= streams;
  process.env.SSE_STATS_ENABLED ??= 'true';
}

async function main(): Promise<number> {
  await seedDemoUsers();
  benchStreamSettings();
  const web = await startWebServer();
  try {
    const token = await idTokenFor({ admin: true }, 'bench-admin');
    const results = [await fanOut(web, token), await freshness(web), await leaks(web, token)];
    return results.every(Boolean) ? 0 : 1;
  } finally {
    await web.stop();
    await closeFirebase();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
