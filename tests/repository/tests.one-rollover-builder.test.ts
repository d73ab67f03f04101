// Tests and benchmarks build a rollover with one builder, tests/support/rollover.ts, whose call names
// only what a case checks: the hand-written lifecycle literal, eight lines of the same shape in
// every test, is what the builder replaced (issue 21), and it must not grow back.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUILDER = 'tests/support/rollover.ts';
/** Where the events themselves are made: the builder calls it. */
const EVENTS = 'tests/support/lifecycle.ts';

const files = execFileSync('git', ['ls-files', '-z', '--', 'tests', 'bench'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.tsx?$/.test(path));

const callsLifecycle = (path: string) => /\blifecycle\(/.test(readFileSync(join(ROOT, path), 'utf8'));

test('finds the files it checks, and would catch a hand-built lifecycle', () => {
  expect(files.filter((path) => path.startsWith('tests/emulator/')).length).toBeGreaterThan(10);
  expect(files.filter((path) => path.startsWith('bench/')).length).toBeGreaterThan(5);
  expect(callsLifecycle(BUILDER)).toBe(true);
});

test('no test or bench builds a rollover lifecycle by hand: each goes through rollover(overrides)', () => {
  const byHand = files.filter((path) => path !== BUILDER && path !== EVENTS && callsLifecycle(path));
  expect(byHand).toEqual([]);
});
