// A path with a malformed percent-escape is the client's mistake: 400, never a 500 from deep
// inside routing, on pages and APIs alike. Against the built server (`next start`).
import { startWebServer, type WebServer } from './support/web-server';

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
}, 120_000);
afterAll(() => web?.stop());

describe('web edge paths', () => {
  it.each(['/api/%E0%A4%A', '/dashboard/%', '/api/admin/etl/%zz', '/api/events/%', '/login%'])(
    'answers 400 to %s',
    async (path) => {
      const response = await fetch(`${web.baseUrl}${path}`, { redirect: 'manual' });

      expect(response.status).toBe(400);
    },
  );

  it('still serves well-formed escapes', async () => {
    const response = await fetch(`${web.baseUrl}/login?next=%2Fdashboard`, { redirect: 'manual' });

    expect(response.status).toBe(200);
  });
});
