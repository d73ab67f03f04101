/// <reference lib="dom" />
// /login?next= in a real browser: after signing in, a `next` that would leave the site lands on
// /dashboard instead. `/%5Cevil.example` arrives as `/\evil.example` and `/%09/evil.example` as a
// tab, both of which the browser reads as //evil.example.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

test.each([['/%5Cevil.example'], ['/%09/evil.example'], ['//evil.example'], ['https://evil.example/']])(
  'signing in with next=%s lands on /dashboard',
  async (next) => {
    const context = await stack.browser().newContext();
    try {
      const page = await context.newPage();
      // Nothing may leave for another host, even if the redirect were followed.
      await page.route(
        (url) => url.hostname === 'evil.example',
        (route) => route.abort(),
      );
      const base = stack.web().baseUrl;
      await page.goto(`${base}/login?next=${next}`);
      await page.fill('input[name=email]', 'ops@custodian-alpha.test');
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/dashboard' || url.hostname === 'evil.example', {
          timeout: 30_000,
          waitUntil: 'commit',
        }),
        page.click('button[type=submit]'),
      ]);
      expect(page.url()).toBe(`${base}/dashboard`);
    } finally {
      await context.close();
    }
  },
);
