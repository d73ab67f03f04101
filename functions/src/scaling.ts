// How each deployed function scales: instances, requests per instance, CPU, memory and timeout,
// from the analysis in docs/scaling.md (read it before changing a number). The warehouse functions'
// instances × pool size must fit WAREHOUSE_CONNECTION_BUDGET; the functions refuse to load otherwise.
// The Functions emulator ignores all of this; a deploy applies it.
import type { GlobalOptions } from 'firebase-functions/v2/options';
import { WAREHOUSE_SETTINGS } from '@trustrails/warehouse/src/settings';
import { etlWorkerTimeoutSeconds, functionMaxInstances, warehouseConnectionBudget, warehousePool } from './config';

export type FunctionName =
  'etlOnEventCreated' | 'etlWorker' | 'etlBulkWorker' | 'etlDeadLetter' | 'etlAdmin' | 'etlReaggregate' | 'etlSweeper';

type Scaling = Required<Pick<GlobalOptions, 'maxInstances' | 'concurrency' | 'cpu' | 'memory' | 'timeoutSeconds'>> & {
  maxInstances: number;
  concurrency: number;
  cpu: number;
};

/** The functions that open a warehouse pool of WAREHOUSE_POOL_SIZE connections per instance. */
export const WAREHOUSE_FUNCTIONS = [
  'etlWorker',
  'etlBulkWorker',
  'etlAdmin',
  'etlReaggregate',
] as const satisfies FunctionName[];

export function scalingFor(worker: { maxInstances: number; poolSize: number; timeoutSeconds: number }) {
  return {
    // Every events/ write invokes it (about 8 per rollover); most return at once, a completion runs
    // one small transaction and one publish. Many light requests per instance, no warehouse.
    etlOnEventCreated: { maxInstances: 20, concurrency: 80, cpu: 1, memory: '256MiB', timeoutSeconds: 60 },
    // One delivery holds at most one connection at a time (the phases run in order, each in one
    // transaction), so as many deliveries per instance as pool connections never wait for the pool.
    etlWorker: {
      maxInstances: worker.maxInstances,
      concurrency: worker.poolSize,
      cpu: 1,
      memory: '512MiB',
      timeoutSeconds: worker.timeoutSeconds,
    },
    // The bulk lane: its dispatcher keeps at most ETL_BULK_CONCURRENCY (default 3) deliveries in
    // flight, so one instance serves it, and a backfill never competes with etlWorker for instances.
    etlBulkWorker: {
      maxInstances: 1,
      concurrency: worker.poolSize,
      cpu: 1,
      memory: '512MiB',
      timeoutSeconds: worker.timeoutSeconds,
    },
    etlDeadLetter: { maxInstances: 2, concurrency: 20, cpu: 1, memory: '256MiB', timeoutSeconds: 60 },
    // Operators' calls: mostly Firestore reads; a backfill or re-aggregation may wait for the pool.
    etlAdmin: { maxInstances: 2, concurrency: 10, cpu: 1, memory: '512MiB', timeoutSeconds: 300 },
    // Scheduled every 15 minutes: one run at a time, the whole budget of a long re-aggregation.
    etlReaggregate: { maxInstances: 1, concurrency: 1, cpu: 1, memory: '512MiB', timeoutSeconds: 540 },
    etlSweeper: { maxInstances: 1, concurrency: 1, cpu: 1, memory: '256MiB', timeoutSeconds: 300 },
  } satisfies Record<FunctionName, Scaling>;
}

/** Connections the warehouse functions may hold at once: Σ maxInstances × pool size. */
export const warehouseConnections = (scaling: Record<FunctionName, Scaling>, poolSize: number): number =>
  WAREHOUSE_FUNCTIONS.reduce((sum, name) => sum + scaling[name].maxInstances * poolSize, 0);

export const SCALING = scalingFor({
  maxInstances: functionMaxInstances,
  poolSize: warehousePool.poolSize,
  timeoutSeconds: etlWorkerTimeoutSeconds,
});

const connections = warehouseConnections(SCALING, warehousePool.poolSize);
if (connections > warehouseConnectionBudget) {
  throw new Error(
    `The warehouse functions may hold ${connections} connections (${WAREHOUSE_FUNCTIONS.map(
      (name) => `${name} ${SCALING[name].maxInstances}`,
    ).join(' + ')} instances × WAREHOUSE_POOL_SIZE ${warehousePool.poolSize}), over WAREHOUSE_CONNECTION_BUDGET ` +
      `(${warehouseConnectionBudget}). Lower ETL_MAX_INSTANCES or WAREHOUSE_POOL_SIZE, or raise the budget. ` +
      WAREHOUSE_SETTINGS.WAREHOUSE_POOL_SIZE,
  );
}
