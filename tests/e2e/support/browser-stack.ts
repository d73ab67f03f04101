// One web server and one chromium per e2e test file, started together with the demo users seeded,
// and closed when the file ends. Browser start, sign-in and an ETL round trip need a long deadline.
import type { Browser } from 'playwright-core';
import { seedDemoUsers } from '../../../scripts/stack/seed-users';
import { launchChromium } from './browser';
import { startWebServer, type WebServer, type WebServerOptions } from './web-server';

export function useBrowserStack(options: WebServerOptions = {}): { web: () => WebServer; browser: () => Browser } {
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  jest.setTimeout(180_000);
  beforeAll(async () => {
    await seedDemoUsers();
    [web, browser] = await Promise.all([startWebServer(options), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });
  return { web: () => web!, browser: () => browser! };
}
