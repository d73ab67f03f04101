/// <reference lib="dom" />
// `npm run bench:monitor`: how soon /etl shows a run's change (issue 10: "within 500 ms of a
// change"), in Chromium, from the Firestore commit of the run document (its server-set updatedAt)
// to the row showing the new state. The changes are real: an admin's pause and retry of a failed
// run through the admin API (the retry goes through the ETL to ERROR again), and new rollovers run
// by the ETL to FINISHED. Runs under scripts/stack/exec.ts; starts `next start` itself (or uses
// E2E_BASE_URL) and needs `next build` first.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { seedDemoUsers } from '../../scripts/stack/seed-users';
import { launchChromium, signIn } from '../../tests/e2e/support/browser';
import { startWebServer } from '../../tests/e2e/support/web-server';
import { adminApi } from '../../tests/support/admin-api';
import { waitForCompletion, waitForRunStatus } from '../../tests/support/etl';
import { closeFirebase, uniqueId } from '../../tests/support/firebase';
import { idTokenFor } from '../../tests/support/identity';
import { rollover, writeLifecycle } from '../../tests/support/rollover';
import { median, percentile, report } from '../lib/stats';
import { monitorBenchSettings } from '../settings';

// CYCLES: pause-and-retry cycles of one failed run, two measured changes each. ROLLOVERS: new
// rollovers through the ETL, one measured change each (the row appearing FINISHED).
const { cycles: CYCLES, rollovers: ROLLOVERS } = monitorBenchSettings();
const TARGET_MS = 500;

/**
 * Arms a watcher in the page: the first moment (Date.now(), the machine's clock, as the emulator's
 * commit time is) a row of `rolloverId` shows `status`. A plain-text script: tsx's helpers do not
 * exist inside the page.
 */
async function watchFor(page: Page, rolloverId: string, status: string): Promise<void> {
  await page.evaluate(`(() => {
    const selector = 'tr[data-rollover-id="${rolloverId}"][data-status="${status}"]';
    window.__seenAt = null;
    const check = () => { if (window.__seenAt === null && document.querySelector(selector)) window.__seenAt = Date.now(); };
    if (window.__observer) window.__observer.disconnect();
    window.__observer = new MutationObserver(check);
    window.__observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    check();
  })()`);
}

/** ms from the run document's commit in `status` to the page showing it. */
async function shownAfterCommit(page: Page, rolloverId: string, status: string): Promise<number> {
  // Polled from here (waitForFunction would eval a string, which the page's CSP refuses); the
  // moment is the page's own, so the polling interval does not add to the figure.
  const deadline = Date.now() + 30_000;
  let seenAt = (await page.evaluate('window.__seenAt')) as number | null;
  while (seenAt === null) {
    if (Date.now() > deadline) throw new Error(`${rolloverId} never showed ${status} on /etl`);
    await new Promise((r) => setTimeout(r, 20));
    seenAt = (await page.evaluate('window.__seenAt')) as number | null;
  }
  const run = await waitForRunStatus(rolloverId, status);
  const committedAt = (run!.updatedAt as FirebaseFirestore.Timestamp).toMillis();
  return seenAt - committedAt;
}

async function adminChanges(page: Page, token: string): Promise<number[]> {
  // A completion without its lifecycle fails at once, for good: a run to pause and retry.
  const rolloverId = uniqueId('bench-monitor');
  await writeLifecycle(rollover({ rolloverId, prefix: 'bench-mon', amountCents: 1, durationMs: 0 }), 'completion-only');
  await waitForRunStatus(rolloverId, 'ERROR');
  await page.waitForSelector(`tr[data-rollover-id="${rolloverId}"][data-status="ERROR"]`, { timeout: 30_000 });
  const samples: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    await watchFor(page, rolloverId, 'PAUSED');
    const paused = await adminApi('POST', '/pause', { token, body: { rolloverId } });
    if (paused.status !== 200) throw new Error(`pause answered ${paused.status}`);
    samples.push(await shownAfterCommit(page, rolloverId, 'PAUSED'));
    await watchFor(page, rolloverId, 'ERROR');
    const retried = await adminApi('POST', '/retry', { token, body: { rolloverId } });
    if (retried.status !== 200) throw new Error(`retry answered ${retried.status}`);
    samples.push(await shownAfterCommit(page, rolloverId, 'ERROR'));
  }
  return samples;
}

async function newRollovers(page: Page): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < ROLLOVERS; i++) {
    const rolloverId = uniqueId('bench-monitor-new');
    const l = rollover({ rolloverId, prefix: 'bench-mon', amountCents: 1_000 + i });
    await watchFor(page, rolloverId, 'FINISHED');
    await writeLifecycle(l);
    await waitForCompletion(rolloverId);
    samples.push(await shownAfterCommit(page, rolloverId, 'FINISHED'));
  }
  return samples;
}

async function main(): Promise<number> {
  await seedDemoUsers();
  const [web, browser] = await Promise.all([startWebServer(), launchChromium()]);
  try {
    const token = await idTokenFor({ admin: true }, 'bench-monitor-admin');
    const page = await browser.newPage();
    await signIn(page, web.baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
    const admin = await adminChanges(page, token);
    const etl = await newRollovers(page);
    const all = [...admin, ...etl];
    console.log(
      `/etl freshness: ${admin.length} admin changes (pause, retry to ERROR) + ${etl.length} new runs FINISHED, ` +
        'run document commit -> row shows the state in Chromium',
    );
    const results = [
      report('/etl shows a run change, median', median(all), 'ms', { op: '<=', value: TARGET_MS }),
      report('/etl shows a run change, p95', percentile(all, 95), 'ms', { op: '<=', value: TARGET_MS }),
      report('  admin changes (pause, retry) p95', percentile(admin, 95), 'ms', null),
      report('  new runs through the ETL p95', percentile(etl, 95), 'ms', null),
      report('  slowest', Math.max(...all), 'ms', null),
    ];
    return results.every(Boolean) ? 0 : 1;
  } finally {
    await browser.close();
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
