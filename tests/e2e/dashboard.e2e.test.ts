/// <reference lib="dom" />
// End to end in a real browser: a custodian signs in, a full rollover lifecycle lands in the
// Firestore emulator, the real ETL runs, and all three cards change to the exact new values
// together without a reload; the feed shows the transfer; another custodian's dashboard stays put.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { waitForCompletion } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { readCards, signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

/** Records when each card's data-value changes, to measure the skew between them. */
const watchCards = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __cardChanges: Record<string, number[]>; __noReload: boolean };
    w.__cardChanges = {};
    w.__noReload = true;
    for (const id of ['card-volume', 'card-avg-time', 'card-completion-count']) {
      const el = document.querySelector(`[data-testid="${id}"]`)!;
      w.__cardChanges[id] = [];
      new MutationObserver(() => w.__cardChanges[id]!.push(performance.now())).observe(el, {
        attributes: true,
        attributeFilter: ['data-value'],
      });
    }
  });

test('a completed rollover moves all three cards together, live, for its custodian only', async () => {
  const alpha = await stack.browser().newPage();
  // Separate contexts: each has its own session cookie.
  const betaContext = await stack.browser().newContext();
  const betaPage = await betaContext.newPage();

  await signIn(alpha, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  await signIn(betaPage, stack.web().baseUrl, 'ops@custodian-beta.test', DEMO_PASSWORD);
  const before = await waitForCards(alpha);
  const betaBefore = await waitForCards(betaPage);
  await alpha.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
  await betaPage.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
  await watchCards(alpha);

  const rolloverId = uniqueId('e2e');
  const amountCents = 1_234_567;
  const durationMs = 90 * 60_000;
  const completedAt = new Date();
  const ofAlpha = { sourceCustodianId: 'custodian-alpha', destinationCustodianId: uniqueId('custodian-e2e') };
  const l = rollover({ rolloverId, ...ofAlpha, amountCents, completedAt, durationMs, chain: true });
  await writeLifecycle(l, 'before-completion');
  await writeLifecycle(l, 'completion-only');

  const countBefore = Number(before.count);
  const expected = {
    count: String(countBefore + 1),
    volume: String(Number(before.volume) + amountCents),
    avg: countBefore === 0 ? durationMs : (Number(before.avg) * countBefore + durationMs) / (countBefore + 1),
  };
  await alpha.waitForFunction(
    (count) => document.querySelector('[data-testid="card-completion-count"]')?.getAttribute('data-value') === count,
    expected.count,
    { timeout: 60_000 },
  );
  const after = await readCards(alpha);
  expect(after.count).toBe(expected.count);
  expect(after.volume).toBe(expected.volume);
  expect(Number(after.avg)).toBeCloseTo(expected.avg, 0);

  const page = await alpha.evaluate(() => {
    const w = window as unknown as { __cardChanges: Record<string, number[]>; __noReload?: boolean };
    return { changes: w.__cardChanges, noReload: w.__noReload === true };
  });
  expect(page.noReload).toBe(true);
  const firstChanges = Object.values(page.changes).map((times) => times[0]);
  expect(firstChanges.every((t) => typeof t === 'number')).toBe(true);
  const skew = Math.max(...(firstChanges as number[])) - Math.min(...(firstChanges as number[]));
  expect(skew).toBeLessThanOrEqual(50);

  await alpha.waitForSelector(`[data-testid="feed-item"][data-rollover-id="${rolloverId}"][data-status="counted"]`, {
    timeout: 10_000,
  });
  expect(await alpha.textContent(`[data-testid="feed-item"][data-rollover-id="${rolloverId}"]`)).toContain(
    `tr-${rolloverId}`,
  );

  await waitForCompletion(rolloverId);
  expect(await readCards(betaPage)).toEqual(betaBefore);
  expect(await betaPage.$(`[data-testid="feed-item"][data-rollover-id="${rolloverId}"]`)).toBeNull();
  await betaContext.close();
});
