// Every function instance (Cloud Functions, and each worker of the Functions emulator) loads the
// bundle, lib/index.js, and reads only the export named by FUNCTION_TARGET. What an instance loads
// before its first event is cold-start time, so each export must load only what its function needs:
// the Firestore trigger neither pg nor the warehouse, nor firebase-functions' other providers.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const LIB = join(__dirname, '..', 'lib', 'index.js');

/** The npm packages loaded after requiring the bundle and reading `exportName` (none: just the bundle). */
function packagesLoadedBy(exportName?: string): string[] {
  if (!existsSync(LIB)) throw new Error('functions/lib is missing: run `npm run build:functions` first');
  const script = `
    const m = require(${JSON.stringify(LIB)});
    ${exportName ? `if (!m[${JSON.stringify(exportName)}]) throw new Error('no export ${exportName}');` : ''}
    const names = new Set();
    for (const file of Object.keys(require.cache)) {
      const match = /.*node_modules\\/((@[^/]+\\/)?[^/]+)\\/(.*)$/.exec(file);
      if (match) names.add(match[1] + (match[1] === 'firebase-functions' && /lib\\/v[12]\\/providers\\//.test(match[3]) ? ':' + match[3].split('/').slice(0, 4).join('/') : ''));
    }
    process.stdout.write(JSON.stringify([...names].sort()));`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      // The settings are checked at load; this URL is never connected to.
      env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/never' },
    }),
  ) as string[];
}

test('loading the bundle runs no function module', () => {
  expect(packagesLoadedBy()).toEqual([]);
});

test("the Firestore trigger's instance loads Firestore, not pg, the warehouse or other providers", () => {
  const loaded = packagesLoadedBy('etlOnEventCreated');
  expect(loaded).toContain('@google-cloud/firestore');
  expect(loaded).toContain('firebase-functions:lib/v2/providers/firestore.js');
  expect(loaded).not.toContain('pg');
  expect(loaded).not.toContain('@google-cloud/pubsub');
  expect(loaded.filter((name) => name.includes('providers/') && !name.endsWith('providers/firestore.js'))).toEqual([
    'firebase-functions:lib/v2/providers/pubsub.js',
  ]);
});

test("the worker's instance loads the warehouse and pg only with its first message", () => {
  expect(packagesLoadedBy('etlWorker')).not.toContain('pg');
});

test("the admin API's instance, which reads the warehouse in every request, does load pg", () => {
  // The check above can fail: an export that needs pg at load shows it.
  expect(packagesLoadedBy('etlAdmin')).toContain('pg');
});
