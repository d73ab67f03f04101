/// <reference lib="dom" />
// End to end in a real browser: /etl shows a run's state changes without a reload or a timer, from
// the run stream: a new run appears, an admin action on it elsewhere shows up on the page, and a
// backfill started from the page shows its progress (a bar, the counts and an ETA) until it is
// done, and a sweep shows in the scheduled jobs' table.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { adminApi } from '../support/admin-api';
import { waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

test("a run's state change appears on /etl without a reload", async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
  await page.evaluate('window.__noReload = true');

  // A completion without its lifecycle fails at once: a new ERROR run.
  const rolloverId = uniqueId('live-run');
  const l = rollover({ rolloverId, prefix: 'live', amountCents: 1, durationMs: 0 });
  const source = l.sourceCustodianId;
  await writeLifecycle(l, 'completion-only');
  await waitForRunStatus(rolloverId, 'ERROR');
  await page.waitForSelector(`tr[data-rollover-id="${rolloverId}"][data-status="ERROR"]`, { timeout: 10_000 });

  // Paused from elsewhere (the admin API directly): the row follows.
  const admin = await idTokenFor({ admin: true }, 'live-admin');
  expect((await adminApi('POST', '/pause', { token: admin, body: { rolloverId } })).status).toBe(200);
  const pausedAt = Date.now();
  await page.waitForSelector(`tr[data-rollover-id="${rolloverId}"][data-status="PAUSED"]`, { timeout: 10_000 });
  console.log(`PAUSED shown ${Date.now() - pausedAt} ms after the admin API answered (target 500 ms)`);
  expect(await page.evaluate('window.__noReload === true')).toBe(true);

  // A second failed run of the same custodian, whose re-run waits 6 s before it fails again: the
  // backfill has one run settled (the PAUSED one) and one in flight for that long.
  const slow = uniqueId('live-run-slow');
  await writeLifecycle(
    rollover({ rolloverId: slow, prefix: 'live', sourceCustodianId: source, amountCents: 2, durationMs: 0 }),
    'completion-only',
  );
  await waitForRunStatus(slow, 'ERROR');
  await db()
    .collection('etlFaults')
    .doc(slow)
    .set({ phase: 'extract', mode: 'delay', ms: 6_000, remaining: 1, fired: 0 });

  // A backfill over today for its custodian re-queues both; the page shows the backfill's bar, its
  // counts and an ETA while one is in flight, then done.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.fill('[data-testid="etl-backfill"] input[name="from"]', day(0));
  await page.fill('[data-testid="etl-backfill"] input[name="to"]', day(1));
  await page.fill('[data-testid="etl-backfill"] input[name="custodianId"]', source);
  await page.click('[data-testid="etl-backfill"] button[type="submit"]');
  const progress = '[data-testid="backfill-progress"][data-total="2"]';
  await page.waitForSelector(`${progress}[data-settled="1"][data-eta-s]`, { timeout: 15_000 });
  const midway = await page.textContent(progress);
  expect(midway).toContain('1 of 2 settled');
  expect(midway).toMatch(/PAUSED 1/);
  expect(midway).toMatch(/eta \d+ s/);
  expect(await page.getAttribute(`${progress} progress`, 'value')).toBe('1');
  await page.waitForSelector(`${progress}[data-settled="2"][data-done="true"]`, { timeout: 30_000 });
  const done = await page.textContent(progress);
  expect(done).toContain('2 of 2 settled');
  expect(done).toContain('eta done');
  expect(await page.getAttribute(`${progress} progress`, 'value')).toBe('2');

  // A sweep started from the page shows in the scheduled jobs' table: when, by whom, no error.
  await page.click('button:has-text("Sweep now")');
  await page.waitForSelector('[data-testid="schedules"] tr[data-job="sweep"][data-ok="true"]:has-text("(admin)")', {
    timeout: 15_000,
  });
});
