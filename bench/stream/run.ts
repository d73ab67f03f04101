/// <reference lib="dom" />
// `npm run bench:stream`: SSE fan-out, browser freshness, card skew and leaks (issue 4), each beside
// its target, and the same figures for the seed's design (issue 12: one onSnapshot per client, a
// fixed 5 s refresh, the count from a second source) measured in the same run, side by side.
// 1,000 clients by default; `-- --quick` or BENCH_QUICK=1 for 200. Runs under scripts/stack/exec.ts;
// starts `next start` itself (or uses E2E_BASE_URL) and needs `next build` first.
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { seedDemoUsers } from '../../scripts/stack/seed-users';
import { launchChromium, signIn, waitForCards } from '../../tests/e2e/support/browser';
import { startWebServer, type WebServer } from '../../tests/e2e/support/web-server';
import { closeFirebase } from '../../tests/support/firebase';
import { idTokenFor } from '../../tests/support/identity';
import { compare, report } from '../lib/stats';
import { startBaselineServer, type BaselineServer } from './baseline/start';
import { cardFreshness, type Freshness } from './freshness';
import { fanOut, type FanOut, type StreamServer } from './fan-out';
import { connectInspector, inspectorPort } from './inspector';
import { leaks } from './leaks';
import { exportToEnvironment, streamBenchSettings } from '../settings';

const SETTINGS = streamBenchSettings(process.argv.includes('--quick'));
const { clients: CLIENTS, baselineClients: BASELINE_CLIENTS, signals: SIGNALS } = SETTINGS;
const { rollovers: ROLLOVERS, cycles: CYCLES } = SETTINGS;

const CUSTODIAN = 'custodian-alpha';

async function json<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** Ours: `next start`, read through /api/events/stats (SSE_STATS_ENABLED), signed in as a real user. */
function ours(web: WebServer, adminToken: string): StreamServer & { openDashboard(page: Page): Promise<void> } {
  return {
    streamUrl: `${web.baseUrl}/api/events/global-stream`,
    stats: () => json(`${web.baseUrl}/api/events/stats`, adminToken),
    async openDashboard(page) {
      await signIn(page, web.baseUrl, `ops@${CUSTODIAN}.test`, DEMO_PASSWORD);
      await waitForCards(page);
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]');
    },
  };
}

/** The seed's design: its own server process, read through its own /stats, measured the same way. */
function baseline(server: BaselineServer, custodianToken: string): ReturnType<typeof ours> {
  return {
    streamUrl: `${server.baseUrl}/stream`,
    stats: () => json(`${server.baseUrl}/stats`),
    async openDashboard(page) {
      await page.goto(`${server.baseUrl}/dashboard?custodianId=${CUSTODIAN}#token=${custodianToken}`);
      await waitForCards(page);
      // Its two sources answer separately: wait for the other one too.
      await page.waitForSelector('[data-testid="card-volume"]:not([data-value=""])');
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { state: 'attached' });
    },
  };
}

const failedFanOut = (clients: number): FanOut => ({
  clients,
  p50: Number.NaN,
  p99: Number.NaN,
  listeners: Number.NaN,
  rssPerClientKb: Number.NaN,
  firstClient: Number.NaN,
  spread: Number.NaN,
  driverLoopDelayP99: Number.NaN,
  floor: { p50: Number.NaN, p99: Number.NaN },
  overFloor: { p50: Number.NaN, p99: Number.NaN },
  reopened: Number.NaN,
});

function reportOurs(fan: FanOut, fresh: Freshness): boolean {
  console.log(`ours: fan-out to ${fan.clients} clients x ${SIGNALS} etl.completed writes, one server process`);
  const fanOk = [
    report('fan-out p99, etl.completed write -> client', fan.p99, 'ms', { op: '<=', value: 50 }),
    report('fan-out median', fan.p50, 'ms', null),
    report('floor: bare Admin SDK listener, write -> notify, p50', fan.floor.p50, 'ms', null),
    report('floor: bare Admin SDK listener, write -> notify, p99', fan.floor.p99, 'ms', null),
    report('fan-out over the floor (per write), p50', fan.overFloor.p50, 'ms', { op: '<=', value: 30 }),
    report('fan-out over the floor (per write), p99', fan.overFloor.p99, 'ms', { op: '<=', value: 30 }),
    report('  of which write -> first client (median)', fan.firstClient, 'ms', null),
    report('  of which first -> last client (median)', fan.spread, 'ms', null),
    report('bench driver event-loop delay p99 (runs every client)', fan.driverLoopDelayP99, 'ms', null),
    report('Firestore listeners held by the server', fan.listeners, '', { op: '<=', value: 1 }),
    report('client streams the server ended (re-opened)', fan.reopened, '', { op: '<=', value: 0 }),
    report('server RSS per connected client', fan.rssPerClientKb, 'KB', null),
  ].every(Boolean);
  console.log(`ours: browser, ${ROLLOVERS} rollovers through the real ETL, after one unmeasured warm-up rollover`);
  const freshOk = [
    report('freshness median, rollover.completed -> 3 cards', fresh.median, 'ms', { op: '<=', value: 1500 }),
    report('freshness p95', fresh.p95, 'ms', null),
    report('card skew, largest first-to-last card change', fresh.skewMax, 'ms', { op: '<=', value: 50 }),
    report('cards inconsistent, per rollover (mean)', fresh.inconsistentMean, 'ms', null),
    report('rollovers whose cards never all changed (30 s)', fresh.missed, '', { op: '<=', value: 0 }),
  ].every(Boolean);
  return fanOk && freshOk;
}

function compareWithBaseline(o: { fan: FanOut; fresh: Freshness }, b: { fan: FanOut; fresh: Freshness }): void {
  const clients =
    o.fan.clients === b.fan.clients
      ? `${o.fan.clients} clients each`
      : `ours ${o.fan.clients}, baseline ${b.fan.clients} clients`;
  compare(`side by side, same run (${clients}; baseline = the seed's design, bench/stream/baseline/):`, [
    { name: 'Firestore listeners held', unit: '', ours: o.fan.listeners, baseline: b.fan.listeners },
    { name: 'fan-out p50', unit: 'ms', ours: o.fan.p50, baseline: b.fan.p50 },
    { name: 'fan-out p99', unit: 'ms', ours: o.fan.p99, baseline: b.fan.p99 },
    { name: 'fan-out over the floor, p50', unit: 'ms', ours: o.fan.overFloor.p50, baseline: b.fan.overFloor.p50 },
    { name: 'fan-out over the floor, p99', unit: 'ms', ours: o.fan.overFloor.p99, baseline: b.fan.overFloor.p99 },
    { name: 'fan-out write -> first client, median', unit: 'ms', ours: o.fan.firstClient, baseline: b.fan.firstClient },
    { name: 'fan-out first -> last client, median', unit: 'ms', ours: o.fan.spread, baseline: b.fan.spread },
    { name: 'server RSS per client', unit: 'KB', ours: o.fan.rssPerClientKb, baseline: b.fan.rssPerClientKb },
    { name: 'client streams the server ended', unit: '', ours: o.fan.reopened, baseline: b.fan.reopened },
    { name: 'card freshness median', unit: 'ms', ours: o.fresh.median, baseline: b.fresh.median },
    { name: 'card freshness p95', unit: 'ms', ours: o.fresh.p95, baseline: b.fresh.p95 },
    { name: 'card skew, largest', unit: 'ms', ours: o.fresh.skewMax, baseline: b.fresh.skewMax },
    {
      name: 'cards inconsistent per rollover, mean',
      unit: 'ms',
      ours: o.fresh.inconsistentMean,
      baseline: b.fresh.inconsistentMean,
    },
    { name: 'rollovers whose cards never all changed', unit: '', ours: o.fresh.missed, baseline: b.fresh.missed },
  ]);
}

/**
 * The bench's `next start` inherits these: every fan-out client signs in as one admin, far past the
 * per-user cap (10) that protects production, the per-process cap is raised above the client count,
 * and the stats route (off in production) must answer.
 */
function benchStreamSettings(): void {
  const streams = String(Math.max(CLIENTS + 100, 2_000));
  exportToEnvironment(
    { SSE_MAX_STREAMS_PER_USER: streams, SSE_MAX_STREAMS_PER_PROCESS: streams, SSE_STATS_ENABLED: 'true' },
    { override: false },
  );
}

async function main(): Promise<number> {
  await seedDemoUsers();
  benchStreamSettings();
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of our `next start`, written when it stops, to see where fan-out time goes.
  const profile = SETTINGS.cpuProfileDir;
  // Bench-only: the inspector lets leaks() force a full GC and read memory (bench/stream/inspector.ts).
  const inspect = `--inspect=127.0.0.1:${inspectorPort()}`;
  const [web, seed] = await Promise.all([
    startWebServer({ nodeArgs: [inspect, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])] }),
    startBaselineServer(),
  ]);
  let browser: Browser | undefined;
  try {
    const adminToken = await idTokenFor({ admin: true }, 'bench-admin');
    const custodianToken = await idTokenFor({ custodianId: CUSTODIAN }, 'bench-custodian');
    const [o, b] = [ours(web, adminToken), baseline(seed, custodianToken)];
    const fans = {
      ours: await fanOut(o, adminToken, CLIENTS, SIGNALS),
      baseline: await fanOut(b, adminToken, BASELINE_CLIENTS, SIGNALS).catch((error: unknown) => {
        // One Firestore listener per client may be more than the emulator takes: say so, and go on.
        console.log(`baseline: fan-out to ${BASELINE_CLIENTS} clients failed (${String(error)}); its figures read NaN`);
        return failedFanOut(BASELINE_CLIENTS);
      }),
    };
    browser = await launchChromium();
    const fresh = {
      ours: await cardFreshness(browser, o.openDashboard, CUSTODIAN, ROLLOVERS),
      baseline: await cardFreshness(browser, b.openDashboard, CUSTODIAN, ROLLOVERS),
    };
    await browser.close();
    browser = undefined;
    const oursOk = reportOurs(fans.ours, fresh.ours);
    compareWithBaseline({ fan: fans.ours, fresh: fresh.ours }, { fan: fans.baseline, fresh: fresh.baseline });
    const inspector = SETTINGS.externalWeb ? null : await connectInspector();
    const leaksOk = await leaks(web, adminToken, CYCLES, inspector).finally(() => inspector?.close());
    return oursOk && leaksOk ? 0 : 1;
  } finally {
    await browser?.close();
    await Promise.all([web.stop(), seed.stop()]);
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
