// The warehouse package's public surface is its package.json `exports` map ('.', './settings',
// './postgres'): code outside the package goes through it, never into packages/warehouse/src by a
// relative path or by `@trustrails/warehouse/src/...`, so the package can move its files freely.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT, importsOf } from './support/imports';

const PACKAGE = 'packages/warehouse';

const files = execFileSync('git', ['ls-files', '-z', '--', '.'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path) && !path.startsWith(`${PACKAGE}/`))
  .filter((path) => existsSync(join(ROOT, path)));

const intoSource = (target: string) =>
  target.startsWith('@trustrails/warehouse/src') || target === `${PACKAGE}/src` || target.startsWith(`${PACKAGE}/src/`);

describe('the warehouse package is imported through its exports map', () => {
  it('declares the entries the rest of the repository uses', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, PACKAGE, 'package.json'), 'utf8')) as {
      exports: Record<string, string>;
    };
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './settings', './postgres']));
    for (const target of Object.values(manifest.exports)) expect(existsSync(join(ROOT, PACKAGE, target))).toBe(true);
  });

  it('would catch both kinds of import into its src', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(intoSource('@trustrails/warehouse/src/settings')).toBe(true);
    expect(intoSource(relative(ROOT, resolve(ROOT, 'tests/emulator', '../../packages/warehouse/src/windows')))).toBe(
      true,
    );
    expect(intoSource('@trustrails/warehouse/settings')).toBe(false);
  });

  it('has no file outside the package import its src', () => {
    const offending = files.flatMap((path) =>
      importsOf(path)
        .filter(intoSource)
        .map((target) => `${path} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
