// The web's process-wide instances (hubs, slots, caches, the warehouse) come from one helper:
// each is made once, on first use, and two route bundles that each load the module still share it;
// no other web module keeps its own globalThis holder.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processSingleton } from '@/lib/process-singleton';

// A server module; its guard against client bundles has no meaning in Jest.
jest.mock('server-only', () => ({}));

const ROOT = join(__dirname, '..', '..');

test('an instance is made once, on first use, and every getter of its name shares it', () => {
  const name = `test-${Math.random()}`;
  const create = jest.fn(() => ({ made: Date.now() }));
  // Two bundles of the same module: two getters made from the same name.
  const fromRouteA = processSingleton(name, create);
  const fromRouteB = processSingleton(name, create);
  expect(create).not.toHaveBeenCalled();
  const first = fromRouteA();
  expect(fromRouteB()).toBe(first);
  expect(fromRouteA()).toBe(first);
  expect(create).toHaveBeenCalledTimes(1);
  expect(processSingleton(`${name}-other`, () => ({ made: 0 }))()).not.toBe(first);
});

test('no web module but the helper holds an instance on globalThis', () => {
  const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'web/*.ts', 'web/*.tsx'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path && !path.startsWith('web/test/') && path !== 'web/lib/process-singleton.ts');
  expect(sources).toContain('web/lib/stream/event-hub.ts');
  // A holder assigns through globalThis or a registered symbol; reading a runtime hook (gc) is no holder.
  const holders = sources.flatMap((path) =>
    readFileSync(join(ROOT, path), 'utf8')
      .split('\n')
      .map((line, index) => ({ where: `${path}:${index + 1}`, line }))
      .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /Symbol\.for\(|globalThis as \w*Holder/.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`),
  );
  expect(holders).toEqual([]);
});
