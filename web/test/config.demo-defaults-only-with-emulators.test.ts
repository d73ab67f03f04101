// The web settings: demo defaults only while the emulators are in use; outside them a missing
// setting stops the server at start (instrumentation.ts), naming the setting.
jest.mock('server-only', () => ({}));

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadWebConfig } from '@/lib/config';

const WEB = join(__dirname, '..');
// The warehouse's own settings (checked by @trustrails/warehouse), so these tests are about the web ones.
const WAREHOUSE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

test('with the emulators, the demo project and API key fill in what is not set', () => {
  const config = loadWebConfig({ ...WAREHOUSE, NODE_ENV: 'production', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' });
  expect(config).toMatchObject({
    emulators: true,
    projectId: 'demo-trustrails',
    firebaseApiKey: 'demo-api-key',
    appOrigin: null,
    authCacheTtlMs: 30_000,
  });
});

test('without the emulators every missing setting is named, and nothing falls back to demo values', () => {
  expect(() => loadWebConfig({ NODE_ENV: 'production' })).toThrow(/GCLOUD_PROJECT.*FIREBASE_API_KEY.*APP_ORIGIN/s);
  const config = loadWebConfig({
    ...WAREHOUSE,
    NODE_ENV: 'production',
    GOOGLE_CLOUD_PROJECT: 'acme-prod',
    FIREBASE_API_KEY: 'AIza-real',
    APP_ORIGIN: 'https://dashboard.acme.example/some/path',
  });
  expect(config).toMatchObject({ projectId: 'acme-prod', firebaseApiKey: 'AIza-real', emulators: false });
  expect(config.appOrigin).toBe('https://dashboard.acme.example');
});

test('a bad value is named with what is valid', () => {
  const emulator = { ...WAREHOUSE, FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080' };
  expect(() => loadWebConfig({ ...emulator, AUTH_CACHE_TTL_MS: '60000' })).toThrow(
    /AUTH_CACHE_TTL_MS="60000" is not valid: must be from 0 to 30000/,
  );
  expect(() => loadWebConfig({ ...emulator, APP_ORIGIN: 'javascript:alert(1)' })).toThrow(/APP_ORIGIN=/);
  expect(() => loadWebConfig({ ...emulator, DASHBOARD_FALLBACK_MS: 'soon' })).toThrow(/DASHBOARD_FALLBACK_MS=/);
});

test('a production server with no settings stops at start naming them', () => {
  // The server's start hook, in its own process, with nothing but NODE_ENV=production set.
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=react-server',
      '--import',
      'tsx',
      '-e',
      // On Node 22, import() of a CommonJS module that tsx compiled exposes its exports as `default` only.
      "import('./instrumentation.ts').then((m) => (m.register ?? m.default.register)()).then(() => console.log('started'))",
    ],
    { cwd: WEB, env: { PATH: process.env.PATH, NODE_ENV: 'production', NEXT_RUNTIME: 'nodejs' }, encoding: 'utf8' },
  );
  expect(result.stdout).not.toContain('started');
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/missing GCLOUD_PROJECT/);
  expect(result.stderr).toMatch(/FIREBASE_API_KEY/);
  expect(result.stderr).toMatch(/APP_ORIGIN/);
});
