// Known-vulnerable versions, checked from what is installed rather than from a list kept by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = join(__dirname, '..', '..');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function installedVersion(name: string, from = ROOT): string {
  const version = readJson(require.resolve(`${name}/package.json`, { paths: [from] })).version;
  if (typeof version !== 'string') throw new Error(`${name}/package.json has no version`);
  return version;
}

test.each([
  // CVE-2025-55182 / CVE-2025-66478: unauthenticated RCE in React Server Components.
  ['next', '16.0.7'],
  ['react', '19.2.1'],
  ['react-dom', '19.2.1'],
])('the web app runs %s >= %s', (name, minimum) => {
  const version = installedVersion(name, join(ROOT, 'web'));
  expect(semver.valid(version)).not.toBeNull();
  expect({ name, version, patched: semver.gte(version, minimum) }).toEqual({ name, version, patched: true });
});
