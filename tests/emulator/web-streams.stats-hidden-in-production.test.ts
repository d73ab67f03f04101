// The route handler with production settings: /api/events/stats, `?gc=1` or not, is 404 even for
// an admin, and says nothing about the process. SSE_STATS_ENABLED=true (the stream benchmark)
// turns the figures back on, but never `?gc=1`: a forced collection is a lever on latency, so it
// exists only outside production.
jest.mock('server-only', () => ({}));

import { GET as streamStats } from '../../web/app/api/events/stats/route';
import { idTokenFor } from '../support/identity';

// Web settings are read once per process (a Jest file is one): this one runs as production.
(process.env as Record<string, string>).NODE_ENV = 'production';
delete process.env.SSE_STATS_ENABLED;

type Handler = typeof streamStats;
const stats = (handler: Handler, token: string, query: string) =>
  handler(new Request(`http://localhost/api/events/stats${query}`, { headers: { authorization: `Bearer ${token}` } }));

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'stats-prod-admin');
});

test('is 404 in production, even for an admin and with ?gc=1', async () => {
  for (const query of ['?gc=1', '']) {
    const response = await stats(streamStats, admin, query);
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toMatch(/heap|rss|listeners/i);
  }
});

describe('with SSE_STATS_ENABLED=true', () => {
  let enabled: Handler;
  let closeApps: () => Promise<unknown>;

  // A second copy of the web modules, so their settings are read afresh with the switch on; its
  // own firebase-admin app is closed at the end like the shared one.
  beforeAll(async () => {
    process.env.SSE_STATS_ENABLED = 'true';
    await jest.isolateModulesAsync(async () => {
      enabled = (await import('../../web/app/api/events/stats/route')).GET;
      const apps = await import('firebase-admin/app');
      closeApps = () => Promise.all(apps.getApps().map((app) => apps.deleteApp(app)));
    });
  });
  afterAll(async () => {
    delete process.env.SSE_STATS_ENABLED;
    await closeApps();
  });

  test('an admin gets the figures', async () => {
    const response = await stats(enabled, admin, '');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ listeners: expect.any(Number), collected: false });
  });

  test('but ?gc=1 is still 404, before identity, and forces no collection', async () => {
    const gc = jest.fn();
    (globalThis as { gc?: () => void }).gc = gc;
    try {
      for (const headers of [{ authorization: `Bearer ${admin}` }, {}] as Record<string, string>[]) {
        const response = await enabled(new Request('http://localhost/api/events/stats?gc=1', { headers }));
        expect(response.status).toBe(404);
        expect(JSON.stringify(await response.json())).not.toMatch(/heap|rss|listeners/i);
      }
      expect(gc).not.toHaveBeenCalled();
    } finally {
      delete (globalThis as { gc?: () => void }).gc;
    }
  });
});
