// How each deployed function scales and as whom it runs: instances, requests per instance, CPU,
// memory, timeout and service account, all Firebase params (params.ts) so that a deploy applies
// functions/.env.<project>. docs/scaling.md explains the numbers. The warehouse functions' instances
// × pool size, plus the web's share, must fit WAREHOUSE_CONNECTION_BUDGET: checked at run time on
// the deployed values (checkConnectionBudget) and before a deploy by `npm run deploy:check`.
// The Functions emulator ignores all of this; a deploy applies it.
import type { IntParam, StringParam } from 'firebase-functions/params';
import { accounts, connectionBudget, fn, poolSize, region, valueOf, webConnections } from './params';

export type FunctionName =
  'etlOnEventCreated' | 'etlWorker' | 'etlBulkWorker' | 'etlDeadLetter' | 'etlAdmin' | 'etlReaggregate' | 'etlSweeper';

/** The functions that open a warehouse pool of WAREHOUSE_POOL_SIZE connections per instance. */
export const WAREHOUSE_FUNCTIONS = [
  'etlWorker',
  'etlBulkWorker',
  'etlAdmin',
  'etlReaggregate',
  'etlSweeper',
] as const satisfies FunctionName[];

/** As whom each function runs (docs/deploy.md lists each account's roles). */
export const ACCOUNT_OF: Record<FunctionName, StringParam> = {
  etlOnEventCreated: accounts.trigger,
  etlWorker: accounts.worker,
  etlBulkWorker: accounts.worker,
  etlDeadLetter: accounts.worker,
  etlAdmin: accounts.admin,
  etlReaggregate: accounts.maintenance,
  etlSweeper: accounts.maintenance,
};

// One delivery holds at most one connection at a time (the phases run in order, each in one
// transaction, and the read-back runs on one client), so a worker instance serves as many deliveries
// as it has connections and none waits for the pool.
const concurrencyOf = (name: FunctionName): IntParam =>
  name === 'etlWorker' || name === 'etlBulkWorker' ? poolSize : fn[name].concurrency!;

function optionsOf(name: FunctionName) {
  const p = fn[name];
  return {
    region,
    maxInstances: p.maxInstances,
    concurrency: concurrencyOf(name),
    // Concurrency above 1 needs a whole vCPU.
    cpu: 1,
    memory: p.memoryMb,
    timeoutSeconds: p.timeoutSeconds,
    serviceAccount: ACCOUNT_OF[name],
  };
}

const NAMES = Object.keys(fn) as FunctionName[];

/** What each function declares at deploy time: params, resolved by firebase-tools. */
export const SCALING = Object.fromEntries(NAMES.map((name) => [name, optionsOf(name)])) as Record<
  FunctionName,
  ReturnType<typeof optionsOf>
>;

export interface ResolvedScaling {
  maxInstances: number;
  concurrency: number;
  memoryMb: number;
  timeoutSeconds: number;
}

/** The same options as the running function sees them (the values it was deployed with). */
export function resolvedScaling(): Record<FunctionName, ResolvedScaling> {
  return Object.fromEntries(
    NAMES.map((name) => [
      name,
      {
        maxInstances: valueOf(fn[name].maxInstances),
        concurrency: valueOf(concurrencyOf(name)),
        memoryMb: valueOf(fn[name].memoryMb),
        timeoutSeconds: valueOf(fn[name].timeoutSeconds),
      },
    ]),
  ) as Record<FunctionName, ResolvedScaling>;
}

export interface BudgetInput {
  maxInstances: Record<(typeof WAREHOUSE_FUNCTIONS)[number], number>;
  poolSize: number;
  webConnections: number;
  budget: number;
}

/** Connections the warehouse functions may hold at once: Σ maxInstances × pool size. */
export const functionConnections = (input: Pick<BudgetInput, 'maxInstances' | 'poolSize'>): number =>
  WAREHOUSE_FUNCTIONS.reduce((sum, name) => sum + input.maxInstances[name] * input.poolSize, 0);

/** Throws, naming every number, when the functions' and the web's connections pass the budget. */
export function checkConnectionBudget(input: BudgetInput): void {
  const functions = functionConnections(input);
  if (functions + input.webConnections <= input.budget) return;
  throw new Error(
    `The warehouse functions may hold ${functions} connections (${WAREHOUSE_FUNCTIONS.map(
      (name) => `${name} ${input.maxInstances[name]}`,
    ).join(' + ')} instances × WAREHOUSE_POOL_SIZE ${input.poolSize}) and the web ${input.webConnections} ` +
      `(WEB_WAREHOUSE_CONNECTIONS): ${functions + input.webConnections}, over WAREHOUSE_CONNECTION_BUDGET ` +
      `(${input.budget}). Lower the instances or WAREHOUSE_POOL_SIZE in functions/.env.<project>, or size the ` +
      `database up and raise the budget (docs/deploy.md).`,
  );
}

/** The budget check on the values this function was deployed with. */
export function checkDeployedBudget(): void {
  const scaling = resolvedScaling();
  checkConnectionBudget({
    maxInstances: Object.fromEntries(
      WAREHOUSE_FUNCTIONS.map((n) => [n, scaling[n].maxInstances]),
    ) as BudgetInput['maxInstances'],
    poolSize: valueOf(poolSize),
    webConnections: valueOf(webConnections),
    budget: valueOf(connectionBudget),
  });
}

// Every function instance checks the values it was deployed with when it loads, so a budget that
// does not hold fails the cold start loudly rather than exhausting the database under load.
checkDeployedBudget();
