// The web app imports across its folders through the `@/` alias (web/tsconfig.json), never with a
// relative path that climbs out of the importer's folder: a file can move without its importers'
// `../../` chains breaking, and a reader sees at once where an import comes from.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('no web module imports with ../', () => {
  const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'web/*.ts', 'web/*.tsx'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  expect(sources).toContain('web/app/layout.tsx');
  const climbing = sources.flatMap((path) =>
    readFileSync(join(ROOT, path), 'utf8')
      .split('\n')
      .map((line, index) => ({ where: `${path}:${index + 1}`, line }))
      .filter(({ line }) => /(\bfrom\s+|\bimport\s*\(\s*|\bjest\.mock\(\s*|^\s*import\s+)['"]\.\.\//.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`),
  );
  expect(climbing).toEqual([]);
});
