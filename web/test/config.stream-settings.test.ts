// The stream settings in the web config: their defaults, the production default of the stats
// route and its switch, and a bad value named with its valid range.
jest.mock('server-only', () => ({}));

import { loadWebConfig } from '@/lib/config';

// The warehouse's own settings (checked by @trustrails/warehouse, postgres by default), so these
// tests are about the stream settings.
const emulators = { FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

test('defaults: 30 s re-check, 15 min lifetime, 10 streams a user, 2000 a process, 5 min replay', () => {
  expect(loadWebConfig({ ...emulators, NODE_ENV: 'development' }).streams).toEqual({
    heartbeatMs: 10_000,
    recheckMs: 30_000,
    maxLifetimeMs: 900_000,
    maxStreamsPerUser: 10,
    maxStreamsPerProcess: 2_000,
    replayBufferEvents: 10_000,
    replayWindowMs: 300_000,
    maxQueuedBytes: 262_144,
    statsEnabled: true,
  });
});

test('the stats route is off in production unless SSE_STATS_ENABLED=true', () => {
  const production = { ...emulators, NODE_ENV: 'production' };
  expect(loadWebConfig(production).streams.statsEnabled).toBe(false);
  expect(loadWebConfig({ ...production, SSE_STATS_ENABLED: 'true' }).streams.statsEnabled).toBe(true);
  expect(loadWebConfig({ ...emulators, NODE_ENV: 'test', SSE_STATS_ENABLED: 'false' }).streams.statsEnabled).toBe(
    false,
  );
});

test('a bad value stops the config with the setting, its value and its range', () => {
  expect(() => loadWebConfig({ ...emulators, SSE_RECHECK_MS: '60000' })).toThrow(
    /SSE_RECHECK_MS="60000".*from 50 to 30000/,
  );
  expect(() => loadWebConfig({ ...emulators, SSE_MAX_STREAMS_PER_USER: 'many' })).toThrow(/SSE_MAX_STREAMS_PER_USER/);
  expect(() => loadWebConfig({ ...emulators, SSE_REPLAY_WINDOW_MS: '10' })).toThrow(
    /SSE_REPLAY_WINDOW_MS="10".*from 1000/,
  );
});
