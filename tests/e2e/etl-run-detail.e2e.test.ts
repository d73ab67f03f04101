/// <reference lib="dom" />
// End to end in a real browser: the monitor shows this month's data quality; from its runs table
// an admin opens a finished run and
// sees its phase timeline, source events and etl.completed payload; on a failed run the page
// offers only what its state allows, and a click on Pause changes the real run and the page, and
// shows in the run's audit trail with the admin who clicked.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { holdBeforePhase, waitForHold } from '../support/fault-hook';
import { auth, db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

/** With its chain events, so the timeline shows every kind of event. */
const detailRollover = (rolloverId: string) =>
  rollover({ rolloverId, prefix: 'detail', amountCents: 9_900, chain: true });

test('a run opens from the runs table with its timeline, events, payload and allowed actions', async () => {
  const finished = uniqueId('detail-e2e');
  const l = detailRollover(finished);
  await writeLifecycle(l);
  await waitForCompletion(finished);

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  // The monitor's data-quality table counts this month's transfers, the one above among them.
  const month = `${new Date().toISOString().slice(0, 7)}-01`;
  await page.waitForSelector(`[data-testid="data-quality"] tr[data-period="${month}"]`, { timeout: 30_000 });
  const transfers = await page.getAttribute(
    `[data-testid="data-quality"] tr[data-period="${month}"]`,
    'data-transfers',
  );
  expect(Number(transfers)).toBeGreaterThanOrEqual(1);
  await page.click(`[data-rollover-id="${finished}"] [data-testid="run-link"]`);
  await page.waitForURL(`${stack.web().baseUrl}/etl/runs/${finished}`);
  await page.waitForSelector('[data-testid="run-detail"][data-status="FINISHED"]', { timeout: 30_000 });

  const phases = await page.$$eval('[data-testid="phase-timeline"] li', (items) =>
    items.map((li) => ({ phase: li.getAttribute('data-phase'), ms: li.getAttribute('data-ms') })),
  );
  expect(phases.map((p) => p.phase)).toEqual(['extract', 'core', 'chain', 'status', 'analytics', 'verify']);
  expect(phases.every((p) => p.ms !== '' && Number(p.ms) >= 0)).toBe(true);
  const eventTypes = await page.$$eval('[data-testid="run-events"] tbody tr', (rows) =>
    rows.map((row) => row.getAttribute('data-event-type')),
  );
  expect(eventTypes).toEqual(l.events.map((e) => e.data.eventType));
  expect(await page.textContent('[data-testid="run-completion"]')).toContain(`"transferId": "tr-${finished}"`);
  expect(await page.$('[data-testid="run-retry"]')).toBeNull();
  expect(await page.$('[data-testid="run-pause"]')).toBeNull();

  // A failed run (its completion alone): retry and pause are offered; pausing it is real.
  const failed = uniqueId('detail-e2e-bad');
  await writeLifecycle(detailRollover(failed), 'completion-only');
  await waitForRunStatus(failed, 'ERROR');
  await page.goto(`${stack.web().baseUrl}/etl/runs/${failed}`);
  await page.waitForSelector('[data-testid="run-detail"][data-status="ERROR"]', { timeout: 30_000 });
  expect(await page.textContent('[data-testid="run-failure"]')).toContain('"retryable": false');
  await page.waitForSelector('[data-testid="run-audit-empty"]', { timeout: 15_000 });
  await page.click('[data-testid="run-pause"]');
  // The click is in the run's trail, with the admin who made it and its outcome.
  const entry = '[data-testid="run-audit"] tr[data-testid="audit-entry"][data-action="pause"][data-outcome="200"]';
  await page.waitForSelector(entry, { timeout: 15_000 });
  const adminUid = (await auth().getUserByEmail('admin@trustrails.test')).uid;
  expect(await page.getAttribute(entry, 'data-uid')).toBe(adminUid);
  expect(await page.textContent(entry)).toContain('admin@trustrails.test');
  await page.waitForSelector('[data-testid="run-detail"][data-status="PAUSED"]', { timeout: 15_000 });
  expect((await db().doc(`etlRuns/${failed}`).get()).get('status')).toBe('PAUSED');
  expect(await page.$('[data-testid="run-pause"]')).toBeNull();
  expect(await page.$('[data-testid="run-retry"]')).not.toBeNull();
});

test('cancel a running run from its page, see it PAUSED at its checkpoint, resume it to one etl.completed', async () => {
  const rolloverId = uniqueId('detail-e2e-cancel');
  // Phase 4 (status) waits 25 s before it runs. The page opens once the hold has begun, so the click
  // lands inside it unless sign-in alone takes 25 s (a fixed window from RUNNING raced the trigger too).
  await holdBeforePhase(rolloverId, 'status', 25_000);
  await writeLifecycle(detailRollover(rolloverId));
  await waitForHold(rolloverId);

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, `/etl/runs/${rolloverId}`);
  await page.waitForSelector('[data-testid="run-detail"][data-status="RUNNING"]', { timeout: 15_000 });
  await page.click('[data-testid="run-cancel"]');
  await page.waitForSelector('[data-testid="run-detail"][data-status="PAUSED"]', { timeout: 30_000 });
  expect(await page.textContent('[data-testid="run-checkpoint"]')).toContain('cancelled after status');

  await page.click('[data-testid="run-resume"]');
  await page.waitForSelector('[data-testid="run-detail"][data-status="FINISHED"]', { timeout: 30_000 });
  expect(await page.textContent('[data-testid="run-completion"]')).toContain(`"transferId": "tr-${rolloverId}"`);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});

test('reprocess a finished run from its page: it runs again and shows its revision 2 etl.completed', async () => {
  const rolloverId = uniqueId('detail-e2e-reprocess');
  await writeLifecycle(detailRollover(rolloverId));
  await waitForCompletion(rolloverId);
  await waitForRunStatus(rolloverId, 'FINISHED');

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, `/etl/runs/${rolloverId}`);
  await page.waitForSelector('[data-testid="run-detail"][data-status="FINISHED"]', { timeout: 15_000 });
  expect(await page.textContent('[data-testid="run-completion"]')).not.toContain('"revision"');
  await page.click('[data-testid="run-reprocess"]');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-completion"]')?.textContent?.includes('"revision": 2'),
    undefined,
    { timeout: 60_000 },
  );
  await page.waitForSelector('[data-testid="run-detail"][data-status="FINISHED"]', { timeout: 30_000 });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(2);
});
