// The CLI (scripts/) and the web app (web/) talk to the functions only through their APIs, whose
// shapes live in packages/contracts: importing functions/src would tie them to its internals (and
// pull firebase-admin into the browser bundle). Every import, export-from, dynamic import and
// require of a tracked file under scripts/ or web/ is resolved and must not land in functions/src.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const files = execFileSync('git', ['ls-files', '-z', '--', 'scripts', 'web'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path) && existsSync(join(ROOT, path)));

const SPECIFIERS = [
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module a file names, resolved to a repository path when it is relative. */
function importsOf(path: string): string[] {
  const body = readFileSync(join(ROOT, path), 'utf8');
  return SPECIFIERS.flatMap((pattern) => [...body.matchAll(pattern)].map((m) => m[1]!)).map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(path), specifier)) : specifier,
  );
}

const intoFunctions = (target: string) => /^(\.\/)?functions\/src(\/|$)/.test(target);

describe('repository boundaries', () => {
  it('finds the files it checks, and would catch an import of functions/src', () => {
    expect(files.filter((path) => path.startsWith('scripts/')).length).toBeGreaterThan(0);
    expect(files.filter((path) => path.startsWith('web/')).length).toBeGreaterThan(0);
    // The resolution the check relies on: the CLI's old import, written from scripts/etl-cli.
    expect(
      intoFunctions(relative(ROOT, resolve(ROOT, 'scripts/etl-cli', '../../functions/src/operations/backfill'))),
    ).toBe(true);
  });

  it('has no file under scripts/ or web/ import from functions/src', () => {
    const offending = files.flatMap((path) =>
      importsOf(path)
        .filter(intoFunctions)
        .map((target) => `${path} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
