// One pg pool per process. Int8 (bigint) columns hold cents and counts well inside 2^53, so they
// are parsed to numbers here rather than left as strings at every call site.
import { Pool, types, type PoolConfig } from 'pg';

types.setTypeParser(types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
});

export interface PoolSettings {
  /** Connections this process may hold. */
  max?: number;
  /** A statement running longer is cancelled (57014), so a stuck query cannot hold a worker to its timeout. */
  statementTimeoutMs?: number;
  /** A lock wait longer than this fails (55P03), so one blocked custodian cannot stall the rest. */
  lockTimeoutMs?: number;
}

// Five connections per process: the four functions with a pool (etlWorker, etlBulkWorker, etlAdmin,
// etlReaggregate) run at most ETL_MAX_INSTANCES 12 + 1 + 2 + 1 instances, so (12 + 1 + 2 + 1) × 5 = 80
// connections, inside WAREHOUSE_CONNECTION_BUDGET (90). functions/src/scaling.ts refuses to load
// past the budget; docs/scaling.md and the README explain the numbers.
export const POOL_DEFAULTS = { max: 5, statementTimeoutMs: 30_000, lockTimeoutMs: 10_000 } as const;

/** `connection` is a URL, or pg options (the Cloud SQL connector's stream factory, user, database). */
export function createPool(connection: string | PoolConfig, settings: PoolSettings = {}): Pool {
  const s = {
    max: settings.max ?? POOL_DEFAULTS.max,
    statementTimeoutMs: settings.statementTimeoutMs ?? POOL_DEFAULTS.statementTimeoutMs,
    lockTimeoutMs: settings.lockTimeoutMs ?? POOL_DEFAULTS.lockTimeoutMs,
  };
  const pool = new Pool({
    ...(typeof connection === 'string' ? { connectionString: connection } : connection),
    max: s.max,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: s.statementTimeoutMs,
    lock_timeout: s.lockTimeoutMs,
    // An abandoned transaction must not keep its locks past the longest statement.
    idle_in_transaction_session_timeout: s.statementTimeoutMs,
  });
  // An idle client whose server went away (restart, failover, outage) is dropped by the pool; without
  // a listener, Node would treat the event as an uncaught error and crash the worker.
  pool.on('error', () => undefined);
  return pool;
}
