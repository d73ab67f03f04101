/// <reference lib="dom" />
// End to end in a real browser: after a lifecycle, the chart's latest point (this month) and the
// three cards change in the same render, because one revalidation fetches both; the table view
// holds the same numbers, and the granularity toggle redraws from the same rows.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { db, uniqueId } from '../support/firebase';
import { lifecycle, writeEvents } from '../support/lifecycle';
import { signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

interface Shown {
  cardCount: string;
  cardVolume: string;
  chartCount: string;
  chartVolume: string;
}

// Plain-text scripts: the page gets no helpers from the test's TypeScript build.
const SHOWN = `(() => {
  const attr = (id, name) => document.querySelector('[data-testid="' + id + '"]')?.getAttribute(name) ?? '';
  return {
    cardCount: attr('card-completion-count', 'data-value'),
    cardVolume: attr('card-volume', 'data-value'),
    chartCount: attr('time-series-chart', 'data-latest-count'),
    chartVolume: attr('time-series-chart', 'data-latest-volume'),
  };
})()`;

test('the chart and the cards change in the same render after a lifecycle', async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  await waitForCards(page);
  await page.waitForSelector('[data-testid="time-series-chart"][data-granularity="monthly"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
  const before = (await page.evaluate(SHOWN)) as Shown;
  expect(before.chartCount).toBe(before.cardCount);

  // Every DOM change batch records what the page shows; a render that updated only one of them
  // would leave a snapshot where they differ.
  await page.evaluate(`(() => {
    window.__shown = [];
    new MutationObserver(() => window.__shown.push(${SHOWN})).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-value', 'data-latest-count', 'data-latest-volume'],
    });
  })()`);

  const amountCents = 987_654;
  const completedAt = new Date();
  const rolloverId = uniqueId('e2e-chart');
  const l = lifecycle({
    rolloverId,
    sourceCustodianId: 'custodian-alpha',
    destinationCustodianId: uniqueId('custodian-chart'),
    amountCents,
    initiatedAt: new Date(completedAt.getTime() - 20 * 60_000),
    completedAt,
  });
  await writeEvents(db(), [...l.before, l.completed]);

  const expected = {
    count: String(Number(before.cardCount) + 1),
    volume: String(Number(before.cardVolume) + amountCents),
  };
  await page.waitForFunction(
    (count) => document.querySelector('[data-testid="card-completion-count"]')?.getAttribute('data-value') === count,
    expected.count,
    { timeout: 60_000 },
  );
  const after = (await page.evaluate(SHOWN)) as Shown;
  expect(after).toEqual({
    cardCount: expected.count,
    cardVolume: expected.volume,
    chartCount: expected.count,
    chartVolume: expected.volume,
  });
  const snapshots = (await page.evaluate('window.__shown')) as Shown[];
  expect(snapshots.length).toBeGreaterThan(0);
  for (const shown of snapshots) {
    expect({ count: shown.chartCount, volume: shown.chartVolume }).toEqual({
      count: shown.cardCount,
      volume: shown.cardVolume,
    });
  }

  // The accessible table holds the same latest point.
  await page.click('[data-testid="time-series-chart"] summary');
  const lastRow = await page.$$eval('[data-testid="time-series-table"] tbody tr:last-child td', (cells) =>
    cells.map((c) => c.textContent ?? ''),
  );
  expect(lastRow[0]).toBe(expected.count);

  // Daily: the same ETL output, today's row, counted at least once (this rollover).
  await page.check('input[name="granularity"][value="daily"]');
  await page.waitForSelector('[data-testid="time-series-chart"][data-granularity="daily"]', { timeout: 15_000 });
  const daily = (await page.evaluate(SHOWN)) as Shown;
  expect(Number(daily.chartCount)).toBeGreaterThanOrEqual(1);
  expect(daily.cardCount).toBe(expected.count);
});
