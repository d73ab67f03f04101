// What firebase-tools would deploy follows functions/.env.<project>: the functions are discovered
// as `firebase deploy` discovers them (only Firebase's variables, the SDK's manifest) and resolved
// with firebase-tools' own non-interactive resolver, from a copy of functions/.env.example with one
// line changed. Needs the built functions (npm run build:functions, which `npm test` runs first).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover, resolveWithEnvFile, type DiscoveredBuild } from '../../scripts/deploy-check/firebase-tools';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = readFileSync(join(ROOT, 'functions', '.env.example'), 'utf8');
const names = (text: string) => [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();

let discovered: DiscoveredBuild;
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'functions', 'lib', 'index.js')))
    throw new Error('functions/lib is missing: run `npm run build:functions` first');
  discovered = await discover(ROOT);
  dir = mkdtempSync(join(tmpdir(), 'deploy-params-'));
}, 120_000);

afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

async function deployedWith(envText: string) {
  const file = join(dir, `env-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, envText);
  return resolveWithEnvFile(ROOT, discovered, file);
}

const withLine = (name: string, value: string) => EXAMPLE.replace(new RegExp(`^${name}=.*$`, 'm'), `${name}=${value}`);

test("the live worker's instance cap in functions/.env.<project> is the maxInstances a deploy applies", async () => {
  for (const cap of ['12', '3']) {
    const { endpoints } = await deployedWith(withLine('ETL_WORKER_MAX_INSTANCES', cap));
    const worker = endpoints.find((e) => e.id === 'etlWorker')!;
    expect({ cap, maxInstances: worker.maxInstances }).toEqual({ cap, maxInstances: Number(cap) });
  }
}, 60_000);

test('the service account, schedule and region come from the file too', async () => {
  const text = withLine('ETL_WORKER_SERVICE_ACCOUNT', 'etl-worker-2@').replace(
    /^ETL_MAINTENANCE_SCHEDULE=.*$/m,
    'ETL_MAINTENANCE_SCHEDULE="every 30 minutes"',
  );
  const { endpoints } = await deployedWith(text.replace(/^ETL_REGION=.*$/m, 'ETL_REGION=europe-west1'));
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  expect(byId.get('etlWorker')!.serviceAccount).toBe('etl-worker-2@');
  expect(byId.get('etlSweeper')!.scheduleTrigger!.schedule).toBe('every 30 minutes');
  expect(new Set(endpoints.map((e) => e.region))).toEqual(new Set(['europe-west1']));
}, 60_000);

test('a param missing from the file stops a non-interactive deploy, even though it has a default', async () => {
  await expect(deployedWith(EXAMPLE.replace(/^ETL_WORKER_MAX_INSTANCES=.*\n/m, ''))).rejects.toThrow(
    'In non-interactive mode but have no value for the following environment variables: ETL_WORKER_MAX_INSTANCES',
  );
}, 60_000);

test('.env.example and the local stack’s .env.demo-trustrails list every declared param, and only those', () => {
  const declared = discovered.params.map((p) => p.name).sort();
  expect(names(EXAMPLE)).toEqual(declared);
  // A param missing here would make the Functions emulator prompt for it, and hang `npm start`.
  expect(names(readFileSync(join(ROOT, 'functions', '.env.demo-trustrails'), 'utf8'))).toEqual(declared);
});
