// The route handler with production settings: /api/events/stats, `?gc=1` or not, is 404 even for
// an admin, and says nothing about the process. (SSE_STATS_ENABLED=true turns it back on:
// web/test/config.stream-settings.test.ts.)
jest.mock('server-only', () => ({}));

import { GET as streamStats } from '../../web/app/api/events/stats/route';
import { idTokenFor } from '../support/identity';

// Web settings are read once per process (a Jest file is one): this one runs as production.
(process.env as Record<string, string>).NODE_ENV = 'production';
delete process.env.SSE_STATS_ENABLED;

test('is 404 in production, even for an admin and with ?gc=1', async () => {
  const admin = await idTokenFor({ admin: true }, 'stats-prod-admin');
  for (const query of ['?gc=1', '']) {
    const response = await streamStats(
      new Request(`http://localhost/api/events/stats${query}`, { headers: { authorization: `Bearer ${admin}` } }),
    );
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toMatch(/heap|rss|listeners/i);
  }
});
