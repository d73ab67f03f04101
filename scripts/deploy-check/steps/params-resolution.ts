// (c) `cp functions/.env.example functions/.env.<projectId>` is enough for a non-interactive deploy:
// firebase-tools' own resolver (lib/deploy/functions/params.js, through build.resolveBackend) finds a
// value for every param in it, the file names no param the code does not declare, and the values it
// resolves keep the warehouse connections within the budget, as the functions check at run time.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cleanTree } from '../clean-tree';
import { discover, resolveWithEnvFile, type ResolvedEndpoint } from '../firebase-tools';
import { settings } from '../../settings';

const WAREHOUSE_FUNCTIONS = ['etlWorker', 'etlBulkWorker', 'etlAdmin', 'etlReaggregate', 'etlSweeper'];

/** The same arithmetic as functions/src/scaling.ts's checkConnectionBudget, on what a deploy would apply. */
export function connectionsOf(endpoints: ResolvedEndpoint[], params: Record<string, string>) {
  const poolSize = Number(params.WAREHOUSE_POOL_SIZE);
  const functions = endpoints
    .filter((e) => WAREHOUSE_FUNCTIONS.includes(e.id))
    .reduce((sum, e) => sum + (e.maxInstances ?? 100) * poolSize, 0);
  const web = Number(params.WEB_WAREHOUSE_CONNECTIONS);
  return { functions, web, total: functions + web, budget: Number(params.WAREHOUSE_CONNECTION_BUDGET) };
}

/**
 * The web tier's most connections from web/apphosting.yaml: runConfig.maxInstances × its
 * WAREHOUSE_POOL_SIZE (the warehouse package's default, 5, when it sets none). Read with patterns,
 * not a YAML parser: the file's shape is App Hosting's documented one.
 */
export function webConnectionsOf(apphostingYaml: string): number | null {
  const instances = /^\s*maxInstances:\s*(\d+)/m.exec(apphostingYaml)?.[1];
  if (!instances) return null;
  const pool = /variable:\s*WAREHOUSE_POOL_SIZE\s*\n\s*value:\s*"?(\d+)"?/m.exec(apphostingYaml)?.[1] ?? '5';
  return Number(instances) * Number(pool);
}

export async function paramsResolution(log: (line: string) => void): Promise<void> {
  const tree = cleanTree();
  const example = join(tree, 'functions', '.env.example');
  if (!existsSync(example))
    throw new Error('functions/.env.example is missing: there is no committed list of the params a deploy needs');
  const discovered = await discover(tree);
  const declared = new Set((discovered.params ?? []).map((p) => p.name));
  const listed = readFileSync(example, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => !!name);
  const unknown = listed.filter((name) => !declared.has(name));
  if (unknown.length > 0) throw new Error(`functions/.env.example sets ${unknown.join(', ')}, which no param declares`);
  // DEPLOY_CHECK_ENV_FILE=functions/.env.<project> rehearses a project's own file the same way.
  const envFile = settings.deployCheckEnvFile();
  const file = envFile ? join(ROOT, envFile) : example;
  // Throws "In non-interactive mode but have no value for …" as `firebase deploy` in CI would.
  const { endpoints, params } = await resolveWithEnvFile(tree, discovered, file);
  log(`resolved ${Object.keys(params).length} params non-interactively from ${file.slice(file.indexOf('functions/'))}`);
  for (const e of endpoints)
    log(
      `  ${e.id} (${e.region}): ${e.maxInstances} instances × ${e.concurrency}, ${e.availableMemoryMb} MiB, ` +
        `${e.timeoutSeconds} s, as ${e.serviceAccount}`,
    );
  const missingAccount = endpoints.filter((e) => !e.serviceAccount).map((e) => e.id);
  if (missingAccount.length > 0) throw new Error(`no service account for ${missingAccount.join(', ')}`);
  const c = connectionsOf(endpoints, params);
  const apphosting = join(tree, 'web', 'apphosting.yaml');
  const web = existsSync(apphosting) ? webConnectionsOf(readFileSync(apphosting, 'utf8')) : null;
  if (web === null) log('web/apphosting.yaml sets no maxInstances: WEB_WAREHOUSE_CONNECTIONS is taken as declared');
  else if (web > c.web)
    throw new Error(
      `web/apphosting.yaml lets the web hold ${web} connections (maxInstances × WAREHOUSE_POOL_SIZE), more than ` +
        `WEB_WAREHOUSE_CONNECTIONS (${c.web}) reserves in the budget`,
    );
  else log(`web/apphosting.yaml: the web holds at most ${web} connections, within WEB_WAREHOUSE_CONNECTIONS ${c.web}`);
  log(`connections: functions ${c.functions} + web ${c.web} = ${c.total} of WAREHOUSE_CONNECTION_BUDGET ${c.budget}`);
  if (!(c.total <= c.budget)) throw new Error(`the connection budget does not hold: ${c.total} > ${c.budget}`);
}
