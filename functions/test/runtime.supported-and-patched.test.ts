// Deployability and known-vulnerable versions, checked from what is installed rather than from a
// list kept by hand: the runtime comes from functions/package.json, its support window from the
// pinned firebase-tools (the table `firebase deploy` itself enforces), the versions from node_modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = join(__dirname, '..', '..');

interface RuntimeInfo {
  friendly: string;
  deprecationDate: string;
  decommissionDate: string;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function installedVersion(name: string, from = ROOT): string {
  const version = readJson(require.resolve(`${name}/package.json`, { paths: [from] })).version;
  if (typeof version !== 'string') throw new Error(`${name}/package.json has no version`);
  return version;
}

// firebase-tools keeps its runtime table in this module; `deploy --only functions` refuses a
// runtime whose decommission date has passed. It is untyped CommonJS, hence require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const supported = require(
  require.resolve('firebase-tools/lib/deploy/functions/runtimes/supported', { paths: [ROOT] }),
) as { RUNTIMES: Record<string, RuntimeInfo> };

test('functions declare a Node runtime that the pinned firebase-tools still deploys today', () => {
  const engines = readJson(join(ROOT, 'functions', 'package.json')).engines as { node?: string } | undefined;
  expect(engines?.node).toMatch(/^\d+$/);
  const runtime = `nodejs${engines?.node}`;
  const info = supported.RUNTIMES[runtime];
  if (!info) throw new Error(`${runtime} is not in firebase-tools' supported runtimes`);
  const now = new Date();
  expect({ runtime, decommissioned: new Date(info.decommissionDate) <= now }).toEqual({
    runtime,
    decommissioned: false,
  });
});

test('the esbuild target of the functions bundle matches the declared runtime', () => {
  const engines = readJson(join(ROOT, 'functions', 'package.json')).engines as { node?: string };
  const build = readFileSync(join(ROOT, 'functions', 'build.mjs'), 'utf8');
  expect(build).toContain(`target: 'node${engines.node}'`);
});

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
