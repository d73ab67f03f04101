// The browser must never build a zod schema: zod probes `Function('')` when it builds an object
// schema, which the web's Content-Security-Policy (no 'unsafe-eval') reports as a violation. The
// e2e CSP test catches it only on the pages it visits; this walks every client module's imports
// (values, not `import type`) through web/ and packages/contracts, and fails on any path to zod.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONTRACTS = 'packages/contracts';
const contractsExports: Record<string, string> = JSON.parse(
  readFileSync(join(ROOT, CONTRACTS, 'package.json'), 'utf8'),
).exports;

const clientModules = execFileSync('git', ['ls-files', '-z', '--', 'web'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.(ts|tsx)$/.test(path) && existsSync(join(ROOT, path)))
  .filter((path) => /^\s*['"]use client['"]/m.test(readFileSync(join(ROOT, path), 'utf8')));

// Value imports and re-exports only: `import type` and `export type` vanish from the bundle.
const VALUE_IMPORT = /\b(import|export)\s+(?!type\b)[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]/g;

function resolveFile(base: string): string | undefined {
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
    (candidate) => /\.(ts|tsx)$/.test(candidate) && existsSync(join(ROOT, candidate)),
  );
}

/** The repository file a specifier names, `zod` for zod, or undefined for other packages. */
function target(from: string, specifier: string): string | undefined {
  if (specifier === 'zod' || specifier.startsWith('zod/')) return 'zod';
  if (specifier.startsWith('.')) return resolveFile(relative(ROOT, resolve(ROOT, dirname(from), specifier)));
  // The web's alias for its own root (web/tsconfig.json).
  if (specifier.startsWith('@/')) return resolveFile(join('web', specifier.slice(2)));
  if (specifier === '@trustrails/contracts' || specifier.startsWith('@trustrails/contracts/')) {
    const subpath = `.${specifier.slice('@trustrails/contracts'.length)}`;
    const file = contractsExports[subpath];
    return file ? join(CONTRACTS, file) : `${specifier} (not exported)`;
  }
  return undefined;
}

/** The chain of modules from `start` to zod, or undefined when there is none. */
function pathToZod(start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | undefined => {
    if (file === 'zod') return chain;
    if (seen.has(file) || !existsSync(join(ROOT, file))) return undefined;
    seen.add(file);
    for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(VALUE_IMPORT)) {
      const next = target(file, match[2] ?? match[3]!);
      const found = next && walk(next, [...chain, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

describe('the browser bundle', () => {
  it('finds client modules, and would catch a value import of the contracts root', () => {
    expect(clientModules.length).toBeGreaterThan(5);
    expect(pathToZod(join(CONTRACTS, 'src/index.ts'))).toContain('zod');
    expect(pathToZod(join(CONTRACTS, contractsExports['./phases']!))).toBeUndefined();
    // Web modules import each other through @/: the walk must follow it, or it would stop at web/.
    expect(target('web/app/page.tsx', '@/lib/format/format')).toBe('web/lib/format/format.ts');
  });

  it('has no client module that reaches zod through a value import', () => {
    const offending = clientModules.flatMap((file) => {
      const chain = pathToZod(file);
      return chain ? [chain.join(' → ')] : [];
    });
    expect(offending).toEqual([]);
  });
});
