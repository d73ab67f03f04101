// (b) The functions as firebase-tools discovers them: loaded with only Firebase's own variables
// (FIREBASE_CONFIG, GCLOUD_PROJECT), read through the SDK's manifest. Every function must be there,
// and every deploy-time option must be a param (`{{ params.NAME }}`), never a literal fixed by
// whatever the discovery environment held; every function runs as a named service account.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cleanTree } from '../clean-tree';
import { discover, type DiscoveredBuild } from '../firebase-tools';
import { liveEnv } from '../../settings';

/** Endpoint fields a deploy applies that functions/.env.<project> must be able to change. */
export const PARAM_FIELDS = [
  'maxInstances',
  'concurrency',
  'availableMemoryMb',
  'timeoutSeconds',
  'serviceAccount',
  'region',
];

const isParam = (value: unknown): boolean =>
  (typeof value === 'string' && /^\{\{ params\.\w+ \}\}$/.test(value)) ||
  (Array.isArray(value) && value.length === 1 && isParam(value[0]));

export function problemsOf(discovered: DiscoveredBuild, expected: string[]): string[] {
  const problems: string[] = [];
  const found = Object.keys(discovered.endpoints).sort();
  if (JSON.stringify(found) !== JSON.stringify([...expected].sort()))
    problems.push(`discovered ${found.join(', ')}; expected ${expected.join(', ')}`);
  for (const [id, endpoint] of Object.entries(discovered.endpoints)) {
    for (const field of PARAM_FIELDS) {
      const value = endpoint[field] ?? (field === 'serviceAccount' ? endpoint.serviceAccountEmail : undefined);
      if (!isParam(value))
        problems.push(`${id}.${field} is ${JSON.stringify(value ?? null)}, not a param: a deploy cannot set it`);
    }
    const schedule = (endpoint.scheduleTrigger as { schedule?: unknown } | undefined)?.schedule;
    if (schedule !== undefined && !isParam(schedule))
      problems.push(`${id}'s schedule ${JSON.stringify(schedule)} is not a param`);
  }
  for (const param of discovered.params ?? []) {
    if (!param.description) problems.push(`param ${param.name} has no description`);
    if (param.default === undefined) problems.push(`param ${param.name} has no default`);
  }
  return problems;
}

export async function functionsDiscovery(log: (line: string) => void): Promise<void> {
  const tree = cleanTree();
  // The predeploy step builds the clean tree; run alone, this needs its build too.
  const discovered = await discover(tree);
  // What the bundle exports, loaded with an empty environment: discovery must find each of them.
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(join(tree, 'functions'))}))))`;
  const expected = JSON.parse(
    execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: liveEnv().PATH } }),
  ) as string[];
  log(`discovered ${Object.keys(discovered.endpoints).length} functions, ${discovered.params?.length ?? 0} params`);
  const problems = problemsOf(discovered, expected);
  if (problems.length > 0) throw new Error(`discovery:\n  ${problems.join('\n  ')}`);
}
