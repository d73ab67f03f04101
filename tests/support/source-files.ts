// The repository's own source files, for the repository tests that read code as text: tracked and
// new (not ignored) files under the given folders, with their text. Tests are excluded: they may
// write fixtures however they need.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export const SOURCE_ROOTS = ['packages', 'functions/src', 'web', 'scripts', 'bench'];

const isTest = (path: string) => /(^|\/)(test|tests)\//.test(path) || /\.test\.tsx?$/.test(path);

/** Source files (ts, tsx) under `roots`, relative to the repository root; test files only if asked. */
export function sourceFiles(roots: readonly string[] = SOURCE_ROOTS, withTests = false): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...roots], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts') && (withTests || !isTest(path)))
    .filter((path) => !/(^|\/)(node_modules|\.next|generated)\//.test(path))
    .filter((path, i, all) => all.indexOf(path) === i && existsSync(join(ROOT, path)));
}

export const textOf = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
