/// <reference lib="dom" />
// Card freshness in Chromium: rollovers through the real ETL, timed from writing rollover.completed
// to all three cards showing new values, with the skew between the cards' first changes and how
// long the cards disagree (first change of any card to the last change of any card). A
// MutationObserver in the page stamps every data-value change.
import type { Browser, Page } from 'playwright-core';
import { readCards, type CardValues } from '../../tests/e2e/support/browser';
import { uniqueId } from '../../tests/support/firebase';
import { rollover, writeLifecycle } from '../../tests/support/rollover';
import { median, percentile } from '../lib/stats';

export interface Freshness {
  median: number;
  p95: number;
  skewMax: number;
  inconsistentMean: number;
  /** Rollovers whose three cards had not all changed within the deadline. */
  missed: number;
}

interface Change {
  id: string;
  at: number;
  perf: number;
}

/** How long one rollover may take to reach all three cards before it counts as missed. */
const DEADLINE_MS = 30_000;

// Plain-text scripts: tsx's helpers (__name) do not exist inside the page.
const OBSERVE = `
  window.__changes = [];
  for (const id of ['card-volume', 'card-avg-time', 'card-completion-count']) {
    new MutationObserver(() => window.__changes.push({ id, at: Date.now(), perf: performance.now() }))
      .observe(document.querySelector('[data-testid="' + id + '"]'), { attributes: true, attributeFilter: ['data-value'] });
  }
`;

const allChanged = (from: CardValues, now: CardValues): boolean =>
  now.volume !== from.volume && now.avg !== from.avg && Number(now.count) === Number(from.count) + 1;

async function waitForAll(page: Page, from: CardValues): Promise<boolean> {
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    if (allChanged(from, await readCards(page))) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

export async function cardFreshness(
  browser: Browser,
  openDashboard: (page: Page) => Promise<void>,
  custodianId: string,
  rollovers: number,
): Promise<Freshness> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openDashboard(page);
    await page.evaluate(OBSERVE);
    const fresh: number[] = [];
    const skews: number[] = [];
    const inconsistent: number[] = [];
    let missed = 0;
    // Rollover -1 warms the ETL worker and the card route, so neither design pays a cold start here.
    for (let i = -1; i < rollovers; i++) {
      await page.evaluate('window.__changes.length = 0');
      const from = await readCards(page);
      const ends = { sourceCustodianId: custodianId, destinationCustodianId: uniqueId('bench-dst') };
      // Growing durations, so the average (and its card) moves with every rollover.
      const durationMs = 3_600_000 + (i + 2) * 420_000;
      const l = rollover({ prefix: 'bench-fresh', ...ends, amountCents: 10_001 + i, durationMs });
      await writeLifecycle(l, 'before-completion');
      const t0 = Date.now();
      await writeLifecycle(l, 'completion-only');
      if (!(await waitForAll(page, from))) {
        if (i >= 0) missed += 1;
        continue;
      }
      // Whatever the two sources still had in flight lands before the next rollover starts.
      await page.waitForTimeout(200);
      if (i < 0) continue;
      const changes = (await page.evaluate('window.__changes')) as Change[];
      const firstOf = (id: string) => changes.find((c) => c.id === id)!.perf;
      const firsts = ['card-volume', 'card-avg-time', 'card-completion-count'].map(firstOf);
      const perfs = changes.map((c) => c.perf);
      fresh.push(Math.max(...changes.map((c) => c.at)) - t0);
      skews.push(Math.max(...firsts) - Math.min(...firsts));
      inconsistent.push(Math.max(...perfs) - Math.min(...perfs));
    }
    return {
      median: median(fresh),
      p95: percentile(fresh, 95),
      skewMax: skews.length ? Math.max(...skews) : Number.NaN,
      inconsistentMean: inconsistent.length
        ? inconsistent.reduce((a, b) => a + b, 0) / inconsistent.length
        : Number.NaN,
      missed,
    };
  } finally {
    await context.close();
  }
}
