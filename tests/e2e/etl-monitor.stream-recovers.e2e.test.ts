/// <reference lib="dom" />
// End to end in a real browser: /etl's run and alert streams answer 503 several times in a row, as
// a restarting server or a rate limit would. The browser's own EventSource closes for good after
// one such answer; the page must instead back off, reconnect from its last event id, show live
// again (both indicators) and show the run that failed meanwhile.
import type { Page, Route } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { waitForRunStatus } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

// Streams end every 4 s, so the client has to reconnect within the test.
const stack = useBrowserStack({ env: { SSE_MAX_LIFETIME_MS: '4000' } });
const RUNS = '**/api/etl/runs/stream**';
const ALERTS = '**/api/etl/alerts/stream**';
const FAILURES = 3;

/** A completion without its lifecycle fails at once: a new ERROR run, sent on the run stream. */
async function failedRun(): Promise<string> {
  const rolloverId = uniqueId('recover-run');
  await writeLifecycle(rollover({ rolloverId, prefix: 'recover', amountCents: 1, durationMs: 0 }), 'completion-only');
  // Generous: the first invocation of the functions starts cold on a busy machine.
  await waitForRunStatus(rolloverId, 'ERROR', 90_000);
  return rolloverId;
}

/** Answers the first FAILURES requests with 503, then lets the rest through; records their URLs. */
async function failing(page: Page, pattern: string): Promise<{ urls: string[]; failed: () => number }> {
  const urls: string[] = [];
  let failed = 0;
  await page.route(pattern, async (route: Route) => {
    urls.push(route.request().url());
    if (failed < FAILURES) {
      failed += 1;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' });
    }
    return route.continue();
  });
  return { urls, failed: () => failed };
}

const row = (rolloverId: string) => `tr[data-rollover-id="${rolloverId}"][data-status="ERROR"]`;
const live = (testId: string) => `[data-testid="${testId}"][data-state="live"]`;

test('/etl reconnects its run and alert streams after repeated 503s and shows the run missed meanwhile', async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  await page.waitForSelector(live('connection-state'), { timeout: 30_000 });
  // One live run first, so the client has an event id to resume from.
  await page.waitForSelector(row(await failedRun()), { timeout: 15_000 });

  const runs = await failing(page, RUNS);
  const alerts = await failing(page, ALERTS);
  // The streams end by themselves within 4 s; every reconnect meets a 503 until FAILURES of them.
  await page.waitForSelector('[data-testid="connection-state"]:not([data-state="live"])', { timeout: 15_000 });
  const missed = await failedRun();

  await page.waitForSelector(row(missed), { timeout: 60_000 });
  await page.waitForSelector(live('connection-state'), { timeout: 30_000 });
  await page.waitForSelector(live('alert-connection-state'), { timeout: 30_000 });
  expect(runs.failed()).toBe(FAILURES);
  expect(alerts.failed()).toBe(FAILURES);
  // The reconnect that got through resumed from the last event id.
  expect(runs.urls[FAILURES]).toContain('lastEventId=');
});
