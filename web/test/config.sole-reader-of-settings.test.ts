// The web server's settings are read in one place, web/lib/config.ts, validated once at start, so
// no module works from a raw, unchecked variable or a second idea of what a setting means.
// NEXT_RUNTIME is Next's own marker of the runtime, not a setting; instrumentation.ts checks it
// before the config can be loaded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ALLOWED = new Set(['web/lib/config.ts']);

test('no web module but the config reads process.env', () => {
  const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'web/*.ts', 'web/*.tsx'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path && !path.startsWith('web/test/') && !ALLOWED.has(path));
  expect(sources).toContain('web/proxy.ts');
  const readers = sources.flatMap((path) =>
    readFileSync(join(ROOT, path), 'utf8')
      .split('\n')
      .map((line, index) => ({ where: `${path}:${index + 1}`, line }))
      // Code, not comments that talk about it.
      .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /process\.env(?!\.NEXT_RUNTIME\b)/.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`),
  );
  expect(readers).toEqual([]);
});
