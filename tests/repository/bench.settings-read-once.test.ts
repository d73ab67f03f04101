// The benchmarks read the environment in one module, bench/settings.ts, each setting with its default
// and range; a bad value stops a bench before it starts and names the variable.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorBenchSettings, streamBenchSettings } from '../../bench/settings';

const ROOT = join(__dirname, '..', '..');
const SETTINGS = 'bench/settings.ts';

const files = execFileSync('git', ['ls-files', '-z', '--', 'bench'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path));

const readsEnvironment = (path: string) => /\bprocess\.env\b/.test(readFileSync(join(ROOT, path), 'utf8'));

afterEach(() => {
  for (const name of ['BENCH_MONITOR_CYCLES', 'BENCH_CLIENTS', 'BENCH_QUICK']) delete process.env[name];
});

test('no bench file but bench/settings.ts reads process.env', () => {
  expect(files.length).toBeGreaterThan(5);
  expect(readsEnvironment(SETTINGS)).toBe(true);
  expect(files.filter((path) => path !== SETTINGS && readsEnvironment(path))).toEqual([]);
});

test('a setting left unset takes its default; one set takes its value', () => {
  expect(monitorBenchSettings().cycles).toBe(15);
  process.env.BENCH_MONITOR_CYCLES = '3';
  expect(monitorBenchSettings().cycles).toBe(3);
  expect(streamBenchSettings(true)).toMatchObject({ quick: true, clients: 200, baselineClients: 200 });
  process.env.BENCH_CLIENTS = '50';
  expect(streamBenchSettings(false)).toMatchObject({ quick: false, clients: 50, baselineClients: 50 });
});

test.each([
  ['BENCH_MONITOR_CYCLES', '2k', () => monitorBenchSettings()],
  ['BENCH_MONITOR_CYCLES', '0', () => monitorBenchSettings()],
  ['BENCH_MONITOR_CYCLES', '', () => monitorBenchSettings()],
  ['BENCH_CLIENTS', '1.5', () => streamBenchSettings(false)],
  ['BENCH_QUICK', 'yes', () => streamBenchSettings(false)],
])('%s=%j stops the bench, naming the variable', (name, value, read) => {
  process.env[name] = value;
  expect(read).toThrow(`${name}=${JSON.stringify(value)}`);
});
