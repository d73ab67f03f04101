/// <reference lib="dom" />
// End to end in a real browser: the dashboard's stream is down for longer than the replay window
// while a rollover completes; the reconnect cannot replay it, the stream says so, and the
// dashboard refetches once, so the cards show it anyway.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { uniqueId } from '../support/firebase';
import { completeRollover } from '../support/rollover';
import { readCards, signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

// Streams end every 4 s (the client then reconnects by itself) and replay at most 2 s back.
const stack = useBrowserStack({ env: { SSE_MAX_LIFETIME_MS: '4000', SSE_REPLAY_WINDOW_MS: '2000' } });
const STREAM = '**/api/events/global-stream**';

/** A rollover of custodian-alpha's, the dashboard's, through to etl.completed. */
const completeAlphaRollover = async (amountCents: number) => {
  const ofAlpha = { sourceCustodianId: 'custodian-alpha', destinationCustodianId: uniqueId('custodian-gap') };
  await completeRollover({ prefix: 'e2e-gap', ...ofAlpha, amountCents, durationMs: 5 * 60_000 });
};

const countIs = (page: Page, count: number, timeout: number) =>
  page.waitForFunction(
    (n) => document.querySelector('[data-testid="card-completion-count"]')?.getAttribute('data-value') === n,
    String(count),
    { timeout },
  );

test('after a gap longer than the replay window the cards still show what completed meanwhile', async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  const start = Number((await waitForCards(page)).count);
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });

  // One live completion, so the client has an event id to resume from.
  await completeAlphaRollover(1_000);
  await countIs(page, start + 1, 60_000);

  // The network to the stream fails from now on: at its next lifetime end the client cannot reconnect.
  await page.route(STREAM, (route) => route.abort());
  await page.waitForSelector('[data-testid="connection-state"]:not([data-state="live"])', { timeout: 15_000 });
  await completeAlphaRollover(2_000);
  // Longer than the replay window since both the client's last event and the missed one.
  await page.waitForTimeout(3_000);
  expect(Number((await readCards(page)).count)).toBe(start + 1);

  await page.unroute(STREAM);
  await countIs(page, start + 2, 60_000);
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
});
