// A path with no page answers 404 with the app's own not-found page (web/app/not-found.tsx), under
// the edge's security headers, and shows nothing of the server's internals. Against the built
// server (`next start`).
import { startWebServer, type WebServer } from './support/web-server';

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
}, 120_000);
afterAll(() => web?.stop());

describe('a missing page', () => {
  it.each(['/no-such-page', '/etl/no/such/page', '/dashboard/nothing-here'])(
    'answers 404 to %s with the not-found page',
    async (path) => {
      const response = await fetch(`${web.baseUrl}${path}`, { redirect: 'manual' });
      const html = await response.text();

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('data-testid="not-found"');
      expect(html).toContain('Page not found');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src[^;]*'nonce-/);
      expect(html).not.toMatch(/\bat \S+ \(|node_modules|webpack-internal/);
    },
  );
});
