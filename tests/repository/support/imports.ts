// The modules a source file names, for the repository tests that guard who imports what: every
// import, export-from, side-effect import, dynamic import and require, with relative specifiers
// resolved to repository paths.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

const SPECIFIERS = [
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module a file names, resolved to a repository path when it is relative. */
export function importsOf(path: string): string[] {
  const body = readFileSync(join(ROOT, path), 'utf8');
  return SPECIFIERS.flatMap((pattern) => [...body.matchAll(pattern)].map((m) => m[1]!)).map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(path), specifier)) : specifier,
  );
}
