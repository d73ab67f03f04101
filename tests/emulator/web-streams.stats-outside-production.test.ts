// GET /api/events/stats (and its `?gc=1`, which forces a garbage collection) is a benchmark and
// diagnostics tool: it answers outside production, and in production only when switched on.
jest.mock('server-only', () => ({}));

import { GET as streamStats } from '../../web/app/api/events/stats/route';
import { idTokenFor } from '../support/identity';

const env = process.env as Record<string, string | undefined>;
const saved = { NODE_ENV: env.NODE_ENV, SSE_STATS_ENABLED: env.SSE_STATS_ENABLED };
let admin: string;

beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'stats-admin');
});

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
});

const stats = (query = '?gc=1') =>
  streamStats(
    new Request(`http://localhost/api/events/stats${query}`, { headers: { authorization: `Bearer ${admin}` } }),
  );

test('answers an admin outside production', async () => {
  env.NODE_ENV = 'test';
  const response = await stats();
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ listeners: expect.any(Number), subscribers: expect.any(Number) });
});

test('is 404 in production, even for an admin and with ?gc=1', async () => {
  env.NODE_ENV = 'production';
  for (const query of ['?gc=1', '']) {
    const response = await stats(query);
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toMatch(/heap|rss|listeners/i);
  }
});

test('SSE_STATS_ENABLED=true turns it on in production (the stream benchmark runs next start)', async () => {
  env.NODE_ENV = 'production';
  env.SSE_STATS_ENABLED = 'true';
  expect((await stats()).status).toBe(200);
  env.SSE_STATS_ENABLED = 'false';
  env.NODE_ENV = 'test';
  expect((await stats()).status).toBe(404);
});
