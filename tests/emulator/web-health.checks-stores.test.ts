// GET /api/health against the real emulators and PostgreSQL: 200 only after a real read of
// Firestore and of the warehouse, 503 naming the store that failed, and never a host or URL.
jest.mock('server-only', () => ({}));

import { createWarehouse } from '@trustrails/warehouse';
import { GET as health } from '../../web/app/api/health/route';
import { adminDb } from '../../web/lib/firebase/admin';
import { checkHealth, storeProbes } from '../../web/lib/health/check-health';

/** Every host, port and URL of the stack, none of which a public probe may echo. */
const secrets = (): string[] =>
  [process.env.FIRESTORE_EMULATOR_HOST, process.env.DATABASE_URL, process.env.FIREBASE_AUTH_EMULATOR_HOST]
    .filter((value): value is string => Boolean(value))
    .flatMap((value) => [value, ...value.split(/[/@:]+/).filter((part) => /\d{2,}|\./.test(part))]);

test('answers 200 after reading both stores, without naming a host', async () => {
  const response = await health();
  const text = await response.text();
  expect(response.status).toBe(200);
  expect(JSON.parse(text)).toEqual({ ok: true, checks: { firestore: 'ok', warehouse: 'ok' } });
  for (const secret of secrets()) expect(text).not.toContain(secret);
});

test('answers 503 naming the warehouse when it is unreachable, and still no host', async () => {
  // A real PostgreSQL adapter pointed at a port nothing listens on: the connection really fails.
  const deadUrl = 'postgres://health-user:health-secret@127.0.0.1:1/nowhere';
  const unreachable = createWarehouse({ adapter: 'postgres', databaseUrl: deadUrl });
  try {
    const response = await checkHealth(storeProbes({ db: adminDb, warehouse: () => unreachable }), 2_000);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toEqual({ ok: false, checks: { firestore: 'ok', warehouse: 'unavailable' } });
    for (const secret of [...secrets(), deadUrl, '127.0.0.1', 'health-secret', 'nowhere', 'ECONNREFUSED'])
      expect(text).not.toContain(secret);
  } finally {
    await unreachable.close();
  }
});

test('a store that does not answer in time fails the check instead of hanging it', async () => {
  const started = Date.now();
  const response = await checkHealth(
    {
      firestore: () => adminDb().collection('etlRuns').limit(1).get(),
      // Never settles: what a black-holed connection looks like to the caller.
      warehouse: () => new Promise<never>(() => undefined),
    },
    300,
  );
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ ok: false, checks: { firestore: 'ok', warehouse: 'unavailable' } });
  expect(Date.now() - started).toBeLessThan(5_000);
});
