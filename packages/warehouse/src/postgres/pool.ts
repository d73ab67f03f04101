// One pg pool per process. Int8 (bigint) columns hold cents and counts well inside 2^53, so they
// are parsed to numbers here rather than left as strings at every call site.
import { Pool, types, type PoolConfig } from 'pg';
import { POOL_DEFAULTS } from '../settings';

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

// The defaults live with the other settings (settings.ts), which must not load pg.
export { POOL_DEFAULTS };

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
