/// <reference lib="dom" />
// End to end in a real browser: /etl lists the open dead letters with their reason and payload,
// a Redrive button re-opens the letter's run through the admin proxy (the letter becomes
// REDRIVEN), and a letter whose run has finished is listed under Resolved, with how.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { reopenForRetry } from '../../functions/src/etl/run-state';
import { db, uniqueId } from '../support/firebase';
import { deadLetteredRun, finishCurrent, letter } from '../support/run-transitions';
import { waitFor } from '../support/wait';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

test('/etl lists open and resolved dead letters and redrives one', async () => {
  const healed = uniqueId('e2e-dl-healed');
  const healedLetter = await deadLetteredRun(healed);
  await reopenForRetry(db(), healed);
  await finishCurrent(healed);
  const open = uniqueId('e2e-dl-open');
  const openLetter = await deadLetteredRun(open);

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  const row = `[data-testid="dead-letters"] tr[data-message-id="${openLetter}"]`;
  await page.waitForSelector(`${row}[data-status="DEAD"]`, { timeout: 30_000 });
  expect(await page.textContent(row)).toContain('warehouse unreachable');
  expect(await page.textContent(row)).toContain(open);

  await page.click(`[data-testid="redrive-${openLetter}"]`);
  await page.waitForSelector(`${row}[data-status="REDRIVEN"]`, { timeout: 30_000 });
  await waitFor('the letter to be REDRIVEN in Firestore', async () => (await letter(openLetter)).status === 'REDRIVEN');

  await page.click('[data-testid="dead-letters"] button:has-text("Resolved")');
  const resolvedRow = `[data-testid="dead-letters"][data-status="resolved"] tr[data-message-id="${healedLetter}"]`;
  await page.waitForSelector(resolvedRow, { timeout: 30_000 });
  expect(await page.textContent(resolvedRow)).toContain('run-finished (admin-retry)');
}, 240_000);
