// GET /api/events/stats (and its `?gc=1`, which forces a garbage collection) is a benchmark and
// diagnostics tool: outside production it answers admins (and only them).
jest.mock('server-only', () => ({}));

import { GET as streamStats } from '../../web/app/api/events/stats/route';
import { idTokenFor } from '../support/identity';

const stats = (token: string) =>
  streamStats(new Request('http://localhost/api/events/stats?gc=1', { headers: { authorization: `Bearer ${token}` } }));

test('answers an admin outside production, and refuses everyone else', async () => {
  expect(process.env.NODE_ENV).not.toBe('production');
  const [admin, custodian] = await Promise.all([
    idTokenFor({ admin: true }, 'stats-admin'),
    idTokenFor({ custodianId: 'cust-stats' }, 'stats-custodian'),
  ]);
  const response = await stats(admin);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    listeners: expect.any(Number),
    subscribers: expect.any(Number),
    streams: expect.any(Number),
  });
  expect((await stats(custodian)).status).toBe(403);
  expect((await streamStats(new Request('http://localhost/api/events/stats'))).status).toBe(401);
});
