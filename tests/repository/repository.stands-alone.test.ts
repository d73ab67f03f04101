// Someone who clones the repository has only what is tracked in it: no file may send them to a
// document outside it, and every docs/ page that the code or the docs point to must exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path && !path.endsWith('package-lock.json') && existsSync(join(ROOT, path)));
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const sources = tracked.filter((path) => /\.(ts|tsx|js|mjs|cjs|json|gql|yaml|yml|md|sql|rules)$|^\.ci\//.test(path));
// This file names what it forbids.
const checked = sources.filter((path) => path !== 'tests/repository/repository.stands-alone.test.ts');

describe('repository', () => {
  it('cites no document that only exists outside the repository', () => {
    const outside = checked.flatMap((path) =>
      text(path)
        .split('\n')
        .map((line, index) => ({ where: `${path}:${index + 1}`, line }))
        .filter(({ line }) => /CONTRACTS\.md|\/work\/shared\b/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(outside).toEqual([]);
  });

  it('points only to docs/ pages that exist', () => {
    const missing: string[] = [];
    for (const path of checked) {
      const body = text(path);
      // Repository-relative mentions in code and comments: docs/contracts/events.md
      for (const [mention] of body.matchAll(/\bdocs\/[\w./-]*\.md\b/g))
        if (!existsSync(join(ROOT, mention))) missing.push(`${path}: ${mention}`);
      // Relative links inside markdown: [events](events.md), [x](../docs/y.md#part)
      if (path.endsWith('.md'))
        for (const [, target] of body.matchAll(/\]\(((?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)/g))
          if (!existsSync(normalize(join(ROOT, dirname(path), target!)))) missing.push(`${path}: ${target}`);
    }
    expect(missing).toEqual([]);
  });

  it('has the contracts pages the code refers to', () => {
    for (const page of ['ports', 'events', 'api', 'streams', 'identity', 'dashboard'])
      expect(existsSync(join(ROOT, 'docs', 'contracts', `${page}.md`))).toBe(true);
  });
});
