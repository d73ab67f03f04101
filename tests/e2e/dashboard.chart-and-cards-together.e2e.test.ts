/// <reference lib="dom" />
// End to end in a real browser: after a lifecycle, the chart's latest point (this month) and the
// three cards change in the same render, because one revalidation fetches both; the table view
// holds the same numbers, and the granularity toggle redraws from the same rows. The range picker
// redraws the chart over the chosen days, point for point as the time-series API gives them.
import type { TimeSeries } from '@trustrails/contracts';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { readCards, signIn, waitForCards } from './support/browser';
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
  const ofAlpha = { sourceCustodianId: 'custodian-alpha', destinationCustodianId: uniqueId('custodian-chart') };
  await writeLifecycle(rollover({ rolloverId, ...ofAlpha, amountCents, completedAt, durationMs: 20 * 60_000 }));

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

// The table view's rows as [period start, completed, running completed], oldest first.
const TABLE_ROWS = `(() => [...document.querySelectorAll('[data-testid="time-series-table"] tbody tr')].map((row) =>
  [...row.querySelectorAll('th, td')].filter((_, i) => i === 0 || i === 1 || i === 4).map((cell) => cell.textContent ?? '')))()`;

const tableRows = (page: Page) => page.evaluate(TABLE_ROWS) as Promise<string[][]>;

/** The time series as the API gives it to this signed-in page. */
const apiSeries = (page: Page, from: string, to: string): Promise<TimeSeries> =>
  page.evaluate(
    async ([from, to]) => {
      const query = `custodianId=custodian-alpha&granularity=monthly&from=${from}&to=${to}`;
      const response = await fetch(`/api/analytics/time-series?${query}`);
      if (!response.ok) throw new Error(`time series: ${response.status}`);
      return (await response.json()) as TimeSeries;
    },
    [from, to],
  );

const asRows = (series: TimeSeries): string[][] =>
  series.points.map((p) => [p.periodStart, String(p.completedCount), String(p.runningCompletedCount)]);

/** Waits until the table shows a range that starts at `firstPeriod` with `count` points. */
const tableShows = (page: Page, firstPeriod: string, count: number) =>
  page.waitForFunction(
    ([first, n]) => {
      const heads = document.querySelectorAll('[data-testid="time-series-table"] tbody th');
      return heads.length === n && heads[0]?.textContent === first;
    },
    [firstPeriod, count] as const,
    { timeout: 15_000 },
  );

const monthStart = (year: number, month: number): string =>
  new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);

test('changing the from and to days redraws the chart over that range, as the API gives it', async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  const cards = await waitForCards(page);
  await page.waitForSelector('[data-testid="time-series-chart"][data-granularity="monthly"]', { timeout: 30_000 });
  await page.click('[data-testid="time-series-chart"] summary');
  const today = await page.inputValue('input[name="to"]');
  const [year, month] = today.split('-').map(Number) as [number, number];
  const thisMonth = monthStart(year, month - 1);
  // It opens on the last 12 months.
  const opening = await tableRows(page);
  expect(opening).toHaveLength(12);
  expect(opening.at(-1)?.[0]).toBe(thisMonth);

  // From the middle of the month before last: its whole month is the first point, so three points.
  const from = `${monthStart(year, month - 3).slice(0, 8)}15`;
  await page.fill('input[name="from"]', from);
  await tableShows(page, monthStart(year, month - 3), 3);
  const narrowed = await apiSeries(page, from, today);
  expect(narrowed.points.map((p) => p.periodStart)).toEqual([
    monthStart(year, month - 3),
    monthStart(year, month - 2),
    thisMonth,
  ]);
  // Running sums included: they start at the new range's first point.
  expect(await tableRows(page)).toEqual(asRows(narrowed));
  expect(await page.getAttribute('[data-testid="time-series-chart"]', 'data-latest-period')).toBe(thisMonth);
  expect(await page.getAttribute('[data-testid="time-series-chart"]', 'data-latest-count')).toBe(
    String(narrowed.points.at(-1)?.completedCount),
  );
  expect(await page.textContent('[data-testid="time-series-chart"] figcaption')).toContain(`${from} to ${today}`);

  // To the last day of last month: this month drops out, and the latest point is last month.
  const to = new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
  await page.fill('input[name="to"]', to);
  await page.waitForSelector(`[data-testid="time-series-chart"][data-latest-period="${monthStart(year, month - 2)}"]`, {
    timeout: 15_000,
  });
  await tableShows(page, monthStart(year, month - 3), 2);
  const ended = await apiSeries(page, from, to);
  expect(ended.points).toHaveLength(2);
  expect(await tableRows(page)).toEqual(asRows(ended));
  expect(await page.textContent('[data-testid="time-series-chart"] figcaption')).toContain(`${from} to ${to}`);

  // The cards are the month's, whatever the chart's range.
  expect((await readCards(page)).count).toBe(cards.count);
});
