// End to end in a real browser: an admin pauses and resumes the ETL and retries a failed run from
// its row on the monitor page; each click reaches the etlAdmin function and changes the real state.
// The row then shows the run document's counts, and the dashboard's picker offers its custodians.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { writeEvents } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

const paused = async () => (await db().doc('etlControl/state').get()).get('paused') === true;

test('pause, resume and retry from the monitor change the real ETL state', async () => {
  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD);
  await page.goto(`${stack.web().baseUrl}/etl`);
  await page.waitForSelector('[data-testid="etl-health"]');

  await page.click('[data-testid="etl-pause"]');
  await waitFor('the ETL to be paused', async () => (await paused()) || undefined);
  await page.click('[data-testid="etl-resume"]');
  await waitFor('the ETL to be resumed', async () => !(await paused()) || undefined);
  await page.waitForSelector('[data-testid="etl-action-result"]:has-text("enqueued")');

  // A run that failed for want of its initiation event, fixed at the source, then retried by click.
  const rolloverId = uniqueId('monitor');
  const l = rollover({ rolloverId, amountCents: 700, durationMs: 1_000 });
  const { sourceCustodianId } = l;
  await writeLifecycle(l, 'without-initiated');
  await waitForRunStatus(rolloverId, 'ERROR');
  await writeEvents(db(), [l.before[0]!]);
  // The failure shows on the monitor (it refetches on the stream's etl_failed); retry that row.
  await page.click(`[data-testid="retry-${rolloverId}"]`, { timeout: 30_000 });
  await waitForCompletion(rolloverId);

  // The row shows the run document's own attempt and claim counts once it refetches on etl_completed.
  const row = `[data-rollover-id="${rolloverId}"][data-status="FINISHED"] [data-testid="run-attempts"]`;
  await page.waitForSelector(row, { timeout: 30_000 });
  const run = (await db().collection('etlRuns').doc(rolloverId).get()).data()!;
  expect(run.claim).toBeGreaterThanOrEqual(2);
  expect(await page.getAttribute(row, 'data-attempt')).toBe(String(run.attempt));
  expect(await page.getAttribute(row, 'data-claims')).toBe(String(run.claim));
  expect(await page.textContent(row)).toContain(`(claim ${run.claim})`);

  // The loaded custodians are now offered by the admin's custodian picker on the dashboard.
  await page.goto(`${stack.web().baseUrl}/dashboard`);
  await page.waitForSelector(`[data-testid="custodian-options"] option[value="${sourceCustodianId}"]`, {
    state: 'attached',
  });
});
