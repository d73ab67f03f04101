/// <reference lib="dom" />
// The web edge's response headers, read from the built server and in real Chromium: a
// Content-Security-Policy with a fresh nonce per request that the pages actually work under (no
// violation while signing in, on the dashboard with its chart drawn, and on the ETL monitor),
// framing refused, MIME sniffing off, a Referrer-Policy, and HSTS only when the request came over
// HTTPS.
import { DEMO_PASSWORD } from '../../scripts/stack/demo';
import { signIn, waitForCards } from './support/browser';
import { useBrowserStack } from './support/browser-stack';

const stack = useBrowserStack();

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );

const nonceOf = (csp: string): string | undefined =>
  directives(csp)
    .get('script-src')
    ?.find((value) => value.startsWith("'nonce-"))
    ?.slice("'nonce-".length, -1);

describe('web edge headers', () => {
  it('gives /login a nonce-based CSP, no framing, nosniff and a Referrer-Policy, and no HSTS over http', async () => {
    const first = await fetch(`${stack.web().baseUrl}/login`);
    const second = await fetch(`${stack.web().baseUrl}/login`);
    const csp = first.headers.get('content-security-policy') ?? '';
    const policy = directives(csp);

    expect(first.status).toBe(200);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toBeDefined();
    expect(policy.get('script-src')).toContain("'strict-dynamic'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    // A nonce is worth something only if it never repeats.
    expect(nonceOf(second.headers.get('content-security-policy') ?? '')).not.toBe(nonce);
    // The framework's own scripts carry it, or the page could not hydrate.
    expect(await first.text()).toContain(`nonce="${nonce}"`);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(first.headers.get('strict-transport-security')).toBeNull();
  });

  it('adds HSTS when the request came over HTTPS through a proxy', async () => {
    const response = await fetch(`${stack.web().baseUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });

    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });

  it('sends the same headers on APIs, without touching the stream routes', async () => {
    const health = await fetch(`${stack.web().baseUrl}/api/health`);
    const stream = await fetch(`${stack.web().baseUrl}/api/events/global-stream`);

    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(directives(health.headers.get('content-security-policy') ?? '').get('frame-ancestors')).toEqual(["'none'"]);
    // Without identity a stream answers 401 as before; the edge adds headers, nothing else.
    expect(stream.status).toBe(401);
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lets /login, /dashboard and /etl run in Chromium with no CSP violation', async () => {
    const context = await stack.browser().newContext();
    const violations: string[] = [];
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const w = window as unknown as { __cspViolations?: string[] };
        (w.__cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    const collect = async () =>
      violations.push(
        ...((await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])) ??
          []),
      );

    await signIn(page, stack.web().baseUrl, 'admin@trustrails.test', DEMO_PASSWORD);
    const dashboard = await page.goto(`${stack.web().baseUrl}/dashboard?custodianId=custodian-alpha`);
    expect(dashboard?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await waitForCards(page);
    // The chart drawn (recharts' SVG), so its rendering is inside what the policy must allow.
    await page.waitForSelector('[data-testid="time-series-chart"] svg.recharts-surface', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
    await collect();
    await page.goto(`${stack.web().baseUrl}/etl`);
    // The monitor polls, so the network never goes idle; its health panel means it hydrated and fetched.
    await page.waitForSelector('[data-testid="etl-health"]', { timeout: 30_000 });
    await collect();
    await context.close();

    // None at all: not even zod's eval probe, which fires if the browser builds a zod object schema.
    expect(violations).toEqual([]);
  });
});
