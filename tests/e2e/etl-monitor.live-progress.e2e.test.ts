/// <reference lib="dom" />
// End to end in a real browser: a slow run's phase progress (its worker's check-in at each phase
// boundary) shows live on /etl and on the run's page, without a reload, until the run finishes.
import { PHASES, type Phase } from '@trustrails/contracts/phases';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

/**
 * Records in the page every phase `selector` shows, in the order shown, so the test reads what
 * the page went through however fast it moved. A plain-text script: tsx's helpers do not exist there.
 */
async function recordPhases(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(() => {
    window.__phases = [];
    const look = () => {
      const phase = document.querySelector('${selector}')?.getAttribute('data-phase');
      if (phase && window.__phases.at(-1) !== phase) window.__phases.push(phase);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    look();
  })()`);
}

const phasesShown = (page: Page) => page.evaluate('window.__phases') as Promise<string[]>;
const inOrder = (phases: string[]) =>
  phases.every((p, i) => i === 0 || PHASES.indexOf(p as Phase) > PHASES.indexOf(phases[i - 1] as Phase));

test("a slow run's phase advances on /etl and on its page without a reload", async () => {
  const rolloverId = uniqueId('progress-e2e');
  // Every phase waits 2 s before it runs: each check-in (at most one a second) records the next one.
  await db()
    .collection('etlFaults')
    .doc(rolloverId)
    .set({ phase: '*', mode: 'delay', ms: 2_000, remaining: 6, fired: 0 });

  // Two signed-in tabs: the monitor, and (once the run exists) the run's page.
  const [monitor, detail] = await Promise.all([stack.browser().newPage(), stack.browser().newPage()]);
  await Promise.all([
    signIn(monitor, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl'),
    signIn(detail, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl'),
  ]);
  await monitor.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
  await monitor.evaluate('window.__noReload = true');
  await recordPhases(
    monitor,
    `tr[data-rollover-id="${rolloverId}"][data-status="RUNNING"] [data-testid="run-progress"]`,
  );

  await writeLifecycle(rollover({ rolloverId, prefix: 'progress', amountCents: 4_200 }));
  await waitForRunStatus(rolloverId, 'RUNNING');
  await detail.goto(`${stack.web().baseUrl}/etl/runs/${rolloverId}`);
  await detail.waitForSelector('[data-testid="run-detail"][data-status="RUNNING"]', { timeout: 15_000 });
  await detail.evaluate('window.__noReload = true');
  await recordPhases(detail, '[data-testid="run-progress"]');

  // While it runs, the timeline draws the phases done so far (slowed: 2 s each) and marks the one running.
  const current = ['status', 'analytics', 'verify']
    .map((phase) => `[data-testid="phase-timeline"] li[data-current="true"][data-phase="${phase}"]`)
    .join(', ');
  await detail.waitForSelector(current, { timeout: 20_000 });
  const coreMs = await detail.getAttribute('[data-testid="phase-timeline"] li[data-phase="core"]', 'data-ms');
  expect(Number(coreMs)).toBeGreaterThanOrEqual(2_000);

  await waitForCompletion(rolloverId);
  await monitor.waitForSelector(`tr[data-rollover-id="${rolloverId}"][data-status="FINISHED"]`, { timeout: 15_000 });
  await detail.waitForSelector('[data-testid="run-detail"][data-status="FINISHED"]', { timeout: 15_000 });
  // What each page showed while the run was RUNNING: the monitor, watching from before the run,
  // every phase after extract (each shown for 2 s); the run's page, opened later, at least two;
  // always forward.
  const onMonitor = await phasesShown(monitor);
  const onDetail = await phasesShown(detail);
  expect(onMonitor).toEqual(PHASES.slice(1));
  expect(onDetail.length).toBeGreaterThanOrEqual(2);
  expect(inOrder(onDetail)).toBe(true);
  // Settled: no progress shown any more, every phase timed.
  expect(await monitor.$(`tr[data-rollover-id="${rolloverId}"] [data-testid="run-progress"]`)).toBeNull();
  expect(await detail.$('[data-testid="run-progress"]')).toBeNull();
  const timed = await detail.$$eval('[data-testid="phase-timeline"] li', (items) =>
    items.map((li) => li.getAttribute('data-ms')),
  );
  expect(timed.every((ms) => ms !== '' && Number(ms) >= 0)).toBe(true);
  expect(await monitor.evaluate('window.__noReload === true')).toBe(true);
  expect(await detail.evaluate('window.__noReload === true')).toBe(true);
});
