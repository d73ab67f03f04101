/// <reference lib="dom" />
// Debian's chromium driven by playwright-core (no browser downloads), and the sign-in flow.
import { chromium, type Browser, type Page } from 'playwright-core';
import { locateChromium } from '../../../scripts/stack/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: locateChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  next = '/dashboard',
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${baseUrl}${next}`, { timeout: 30_000 }), page.click('button[type=submit]')]);
}

export interface CardValues {
  volume: string;
  avg: string;
  count: string;
}

// A plain-text script: tsx (used by the benchmark) injects helpers that do not exist in the page.
export const readCards = (page: Page): Promise<CardValues> =>
  page.evaluate(`(() => {
    const value = (id) => document.querySelector('[data-testid="' + id + '"]')?.getAttribute('data-value') ?? '';
    return { volume: value('card-volume'), avg: value('card-avg-time'), count: value('card-completion-count') };
  })()`) as Promise<CardValues>;

/** Waits until the summary has loaded (the count is always a number once known). */
export async function waitForCards(page: Page): Promise<CardValues> {
  await page.waitForSelector('[data-testid="card-completion-count"]:not([data-value=""])', { timeout: 30_000 });
  return readCards(page);
}
