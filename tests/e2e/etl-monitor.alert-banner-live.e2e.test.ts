/// <reference lib="dom" />
// End to end in a real browser: an alert that a sweep opens appears as a banner on /etl without a
// reload, and disappears when a later sweep resolves it. Runs pile up PENDING past the stack's
// ETL_ALERT_PENDING_RUNS (3, scripts/stack/exec.ts); held as PAUSED, they clear the condition.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { adminApi } from '../support/admin-api';
import { pendingAtMost } from '../support/alerts';
import { claimRunByHand } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { signIn } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();
const PENDING_THRESHOLD = 3;

test('an alert opens and resolves on /etl, live', async () => {
  const admin = await idTokenFor({ admin: true }, 'banner-admin');
  const sweepNow = async () => expect((await adminApi('POST', '/sweep', { token: admin, body: {} })).status).toBe(200);
  const before = await pendingAtMost(admin, PENDING_THRESHOLD);

  const page = await stack.browser().newPage();
  await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD, '/etl');
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
  await page.evaluate('window.__noReload = true');
  expect(await page.$('[data-testid="alert-pendingCount"]')).toBeNull();

  const ids = Array.from({ length: PENDING_THRESHOLD + 1 - before }, (_, i) => uniqueId(`banner-pending${i}`));
  for (const id of ids) await claimRunByHand(id);
  await sweepNow();
  const openedAt = Date.now();
  await page.waitForSelector('[data-testid="alert-banner"] [data-testid="alert-pendingCount"]', { timeout: 10_000 });
  console.log(`banner shown ${Date.now() - openedAt} ms after the sweep answered`);
  expect(await page.textContent('[data-testid="alert-pendingCount"]')).toContain(`threshold ${PENDING_THRESHOLD}`);

  for (const rolloverId of ids)
    expect((await adminApi('POST', '/pause', { token: admin, body: { rolloverId } })).status).toBe(200);
  await sweepNow();
  await page.waitForSelector('[data-testid="alert-pendingCount"]', { state: 'detached', timeout: 10_000 });
  expect(await page.evaluate('window.__noReload === true')).toBe(true);
}, 240_000);
