// No upward imports (issue 21): inside each package, a module imports only from its own layer or
// the layers below. Each layer is listed lowest first with the reason it sits there; a module's
// layer is that of its first path segment under the package's source root (a file at the root is
// its own unit). Peers of one layer may import each other. A unit missing from the order fails the
// test, so a new folder is placed on purpose. Relative imports and the web's `@/` alias are read.
import { dirname, join, relative, resolve } from 'node:path';
import { sourceFiles, textOf } from '../support/source-files';

interface Layer {
  units: string[];
  why: string;
}

const LAYERS: Record<string, Layer[]> = {
  'functions/src': [
    {
      units: [
        'params',
        'config',
        'setting-readers',
        'retention-settings',
        'scaling',
        'warehouse-config',
        'paging',
        'retention',
        'logs',
      ],
      why: 'settings read once at load and named log events: every module may use them',
    },
    { units: ['runtime'], why: 'process clients (Firestore, Pub/Sub, the warehouse): they know no feature' },
    {
      units: ['etl', 'dead-letters', 'audit', 'backfill', 'alerts', 'monitoring'],
      why: 'the pipeline, its run state and the records it keeps (letters, audit, alerts, health figures)',
    },
    { units: ['operations'], why: 'admin operations and the sweeper, composed from the pipeline and its records' },
    { units: ['admin-api', 'scheduled'], why: 'the deployed handlers: they call operations' },
    { units: ['index'], why: 'only re-exports the deployed functions' },
  ],
  'packages/warehouse/src': [
    { units: ['windows', 'time-series', 'errors', 'settings'], why: 'values and settings: no I/O, no adapter' },
    { units: ['port', 'correction', 'read-back'], why: 'the port and the logic every adapter shares' },
    { units: ['postgres', 'dataconnect', 'dataconnect-generated'], why: 'the adapters behind the port' },
    { units: ['config'], why: 'picks an adapter from the settings' },
    { units: ['index'], why: 'the package entry' },
  ],
  web: [
    { units: ['lib'], why: 'server and browser helpers: no React component' },
    { units: ['hooks'], why: 'React hooks over lib' },
    { units: ['components'], why: 'React components over hooks and lib' },
    { units: ['app', 'proxy', 'instrumentation', 'next.config'], why: 'Next.js routes, pages and special files' },
  ],
};

const SPECIFIERS = [
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The unit of a path under `root`: its first segment, without the extension for a file. */
const unitOf = (root: string, path: string): string =>
  relative(root, path)
    .split('/')[0]!
    .replace(/\.(tsx?|mjs)$/, '');

/** The repository paths a file imports inside its own package root (relative or `@/` for the web). */
export function importsInside(root: string, path: string, text: string): string[] {
  return SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!))
    .map((specifier) =>
      specifier.startsWith('.')
        ? relative('.', resolve(dirname(path), specifier))
        : root === 'web' && specifier.startsWith('@/')
          ? join('web', specifier.slice(2))
          : null,
    )
    .filter((target): target is string => target !== null && !relative(root, target).startsWith('..'));
}

/** Imports from `path` to a higher layer, as "file -> target (unit layer > unit layer)". */
export function upwardImports(root: string, path: string, text: string): string[] {
  const rank = (unit: string) => LAYERS[root]!.findIndex((layer) => layer.units.includes(unit));
  const from = unitOf(root, path);
  return importsInside(root, path, text)
    .map((target) => ({ target, to: unitOf(root, target) }))
    .filter(({ to }) => rank(to) > rank(from))
    .map(({ target, to }) => `${path} -> ${target} (${from} is below ${to})`);
}

describe('no upward imports', () => {
  it('would catch the upward imports issue 21 found', () => {
    expect(
      upwardImports('functions/src', 'functions/src/runtime.ts', "import { etlQueue } from './etl/enqueue';"),
    ).toHaveLength(1);
    expect(
      upwardImports(
        'functions/src',
        'functions/src/alerts/check.ts',
        "import { health } from '../operations/runs-query';",
      ),
    ).toHaveLength(1);
    expect(
      upwardImports(
        'packages/warehouse/src',
        'packages/warehouse/src/settings.ts',
        "import type { CloudSqlConfig } from './postgres/cloud-sql';",
      ),
    ).toHaveLength(1);
    expect(
      upwardImports('web', 'web/lib/etl/runs.ts', "import { X } from '@/components/etl/runs-table';"),
    ).toHaveLength(1);
    // Downward and peer imports pass.
    expect(upwardImports('functions/src', 'functions/src/etl/trigger.ts', "import { db } from '../runtime';")).toEqual(
      [],
    );
    expect(
      upwardImports('functions/src', 'functions/src/alerts/check.ts', "import { x } from '../dead-letters/resolve';"),
    ).toEqual([]);
  });

  for (const root of Object.keys(LAYERS)) {
    describe(root, () => {
      const files = sourceFiles([root]).filter((path) => !path.startsWith('web/scripts/'));

      it('places every unit in a layer', () => {
        expect(files.length).toBeGreaterThan(5);
        const placed = LAYERS[root]!.flatMap((layer) => layer.units);
        const unplaced = [...new Set(files.map((path) => unitOf(root, path)))].filter((unit) => !placed.includes(unit));
        expect(unplaced).toEqual([]);
      });

      it('imports only from its own layer or below', () => {
        expect(files.flatMap((path) => upwardImports(root, path, textOf(path)))).toEqual([]);
      });
    });
  }
});
