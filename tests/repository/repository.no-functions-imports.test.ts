// The CLI (scripts/) and the web app (web/) talk to the functions only through their APIs, whose
// shapes live in packages/contracts: importing functions/src would tie them to its internals (and
// pull firebase-admin into the browser bundle). Every import, export-from, dynamic import and
// require of a tracked file under scripts/ or web/ is resolved and must not land in functions/src.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT, importsOf } from './support/imports';

const files = execFileSync('git', ['ls-files', '-z', '--', 'scripts', 'web'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path) && existsSync(join(ROOT, path)));

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
