// The README is the front door: a short map with the two commands and where to go next. Every page
// under docs/ is in the docs index and reachable from the README in two clicks, and every link in
// the README and docs/ leads to a file that exists and, for `#anchor` links, to a heading in it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAX_README_LINES = 150;

const tracked = new Set(
  execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', 'README.md', 'docs'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean),
);
/** Links to source files (not docs) are checked against git's whole index, listed once: a file, or a folder holding one. */
const everyTracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
const isTrackedElsewhere = (target: string) =>
  everyTracked.some((path) => path === target || path.startsWith(`${target}/`));
const pages = [...tracked].filter((path) => path.endsWith('.md'));
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchors = (path: string) => new Set([...text(path).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!)));

/** The repository-relative links of a page (web links and in-page code excluded). */
function links(path: string): { target: string; anchor?: string; raw: string }[] {
  const body = text(path).replace(/```[\s\S]*?```/g, '');
  return [...body.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((raw) => !/^[a-z]+:/.test(raw))
    .map((raw) => {
      const [file, anchor] = raw.split('#');
      const target = file ? normalize(join(dirname(path), file)).replace(/\/$/, '') : path;
      return { target, anchor, raw };
    });
}

test(`the README is a map of at most ${MAX_README_LINES} lines that names every prerequisite`, () => {
  const readme = text('README.md');
  expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  const quickStart = readme.split('## Quick start')[1]!.split('\n## ')[0]!;
  for (const prerequisite of ['Node 22', 'Java', 'Chromium']) expect(quickStart).toContain(prerequisite);
  expect(links('README.md').map((link) => link.target)).toContain('docs/README.md');
});

test('every link in the README and docs/ leads to a file that exists, and to a heading in it', () => {
  const broken = pages.flatMap((page) =>
    links(page)
      .filter(({ target, anchor }) => {
        const file = tracked.has(target) ? target : `${target}/README.md`;
        if (!tracked.has(file) && !tracked.has(target)) return !isTrackedElsewhere(target);
        return anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor);
      })
      .map(({ raw }) => `${page}: ${raw}`),
  );
  expect(broken).toEqual([]);
});

test('the docs index lists every page under docs/, and each is two clicks from the README at most', () => {
  const indexed = new Set(links('docs/README.md').map((link) => link.target));
  const docs = pages.filter((page) => page.startsWith('docs/') && page !== 'docs/README.md');
  const topLevel = docs.filter((page) => dirname(page) === 'docs');
  expect(topLevel.filter((page) => !indexed.has(page))).toEqual([]);

  const resolve = (target: string) => (tracked.has(`${target}/README.md`) ? `${target}/README.md` : target);
  const oneClick = new Set(links('README.md').map((link) => resolve(link.target)));
  const twoClicks = new Set(
    [...oneClick]
      .filter((page) => page.endsWith('.md') && tracked.has(page))
      .flatMap((page) => links(page).map((link) => resolve(link.target))),
  );
  expect(docs.filter((page) => !oneClick.has(page) && !twoClicks.has(page))).toEqual([]);
});
