// One pg pool per process. Int8 (bigint) columns hold cents and counts well inside 2^53, so they
// are parsed to numbers here rather than left as strings at every call site.
import { Pool, types } from 'pg';

types.setTypeParser(types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
});

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  // An idle client whose server went away (restart, failover, outage) is dropped by the pool; without
  // a listener, Node would treat the event as an uncaught error and crash the worker.
  pool.on('error', () => undefined);
  return pool;
}
