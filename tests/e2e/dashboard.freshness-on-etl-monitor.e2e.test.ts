// Freshness as users see it, end to end in real Chromium: a custodian's dashboard is open when a
// rollover completes through the real ETL; once its cards render the signal, the page's beacon
// reaches POST /api/events/freshness, and an admin's /etl then shows the hour's samples with a p50
// and p95 against the 1 s objective, read through the admin API's health from streamFreshness.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { COLLECTIONS, etlCompletedEventId } from '@trustrails/contracts';
import { db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

test('a completed rollover rendered on a dashboard shows as a freshness sample on /etl', async () => {
  const custodianContext = await stack.browser().newContext();
  const dashboard = await custodianContext.newPage();
  await signIn(dashboard, stack.web().baseUrl, 'ops@custodian-alpha.test', DEMO_PASSWORD);
  const before = await waitForCards(dashboard);
  await dashboard.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
  const beacons: number[] = [];
  dashboard.on(
    'request',
    (r) => r.url().endsWith('/api/events/freshness') && beacons.push(r.method() === 'POST' ? 1 : 0),
  );

  const rolloverId = uniqueId('e2e-fresh');
  const completedAt = new Date();
  const ofAlpha = { sourceCustodianId: 'custodian-alpha', destinationCustodianId: uniqueId('custodian-fresh') };
  const l = rollover({ rolloverId, ...ofAlpha, amountCents: 4_321, completedAt });
  await writeLifecycle(l, 'before-completion');
  await writeLifecycle(l, 'completion-only');
  await dashboard.waitForFunction(
    (count) => document.querySelector('[data-testid="card-completion-count"]')?.getAttribute('data-value') === count,
    String(Number(before.count) + 1),
    { timeout: 60_000 },
  );

  // The beacon the render sent, stored server-side for this very signal.
  const eventId = etlCompletedEventId(rolloverId);
  const sample = await waitFor('the sample of this signal', async () => {
    const docs = (await db().collection(COLLECTIONS.streamFreshness).where('eventId', '==', eventId).get()).docs;
    return docs[0]?.data();
  });
  expect(beacons).toEqual([1]);
  expect(sample.totalMs).toBe(sample.commitToSendMs + sample.receiveToRenderMs);
  expect(sample.receiveToRenderMs).toBeGreaterThan(0);

  const monitor = await stack.browser().newPage();
  await signIn(monitor, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  const freshness = monitor.locator('[data-testid="freshness"]');
  await monitor.waitForSelector('[data-testid="freshness"][data-samples]:not([data-samples=""])');
  expect(Number(await freshness.getAttribute('data-samples'))).toBeGreaterThan(0);
  const p50 = Number(await freshness.getAttribute('data-p50'));
  expect(p50).toBeGreaterThan(0);
  expect(Number(await freshness.getAttribute('data-objective'))).toBe(1_000);
  expect(['met', 'breached']).toContain(await freshness.getAttribute('data-state'));
  expect(await freshness.textContent()).toMatch(/p50 .*p95 .*against a 1\.00 s objective/);
  await custodianContext.close();
});
