/// <reference lib="dom" />
// End to end in a real browser: a dashboard left open across the UTC month boundary moves its
// cards to the new month by itself. Only the browser's clock is moved (Playwright's clock), to the
// last seconds of the current month; the server keeps real time and answers any month asked.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

const monthOf = (at: Date) => at.toISOString().slice(0, 7);

test('an open dashboard follows the UTC month boundary: header and cards change to the new month', async () => {
  const now = new Date();
  const nextMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const thisMonth = monthOf(now);
  const nextMonth = monthOf(nextMonthStart);

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  // Ten seconds before the boundary, as far as the page can tell.
  await page.clock.install({ time: new Date(nextMonthStart.getTime() - 10_000) });
  await page.reload();
  await waitForCards(page);
  await page.waitForSelector(`h2:has-text("custodian-alpha · ${thisMonth}")`, { timeout: 30_000 });

  const summaryOfNextMonth = page.waitForRequest(
    (request) =>
      request.url().includes('/api/analytics/monthly-summary') && request.url().includes(`month=${nextMonth}`),
    { timeout: 30_000 },
  );
  await page.clock.fastForward(15_000);
  await summaryOfNextMonth;
  await page.waitForSelector(`h2:has-text("custodian-alpha · ${nextMonth}")`, { timeout: 30_000 });
  await waitForCards(page);
});
