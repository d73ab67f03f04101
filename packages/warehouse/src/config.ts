// Chooses the adapter from configuration. `dataconnect` is the production default; `postgres`
// is what the local stack and the tests use.
import { DataConnectWarehouse } from './dataconnect/adapter';
import type { Warehouse } from './port';
import { PostgresWarehouse } from './postgres/adapter';

export type WarehouseConfig =
  | { adapter: 'postgres'; databaseUrl: string; poolSize?: number }
  | { adapter: 'dataconnect'; serviceId: string; location: string; connector: string };

export const DATA_CONNECT_DEFAULTS = { serviceId: 'trustrails', location: 'us-central1', connector: 'etl' } as const;

export function warehouseConfigFromEnv(env: Record<string, string | undefined>): WarehouseConfig {
  const adapter = env.WAREHOUSE_ADAPTER ?? 'dataconnect';
  if (adapter === 'postgres') {
    if (!env.DATABASE_URL)
      throw new Error('WAREHOUSE_ADAPTER=postgres needs DATABASE_URL (postgres://user:pass@host:port/db)');
    const poolSize = env.WAREHOUSE_POOL_SIZE ? Number(env.WAREHOUSE_POOL_SIZE) : undefined;
    if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100)) {
      throw new Error(`WAREHOUSE_POOL_SIZE="${env.WAREHOUSE_POOL_SIZE}" must be a whole number from 1 to 100`);
    }
    return { adapter, databaseUrl: env.DATABASE_URL, ...(poolSize ? { poolSize } : {}) };
  }
  if (adapter === 'dataconnect') {
    return {
      adapter,
      serviceId: env.DATA_CONNECT_SERVICE_ID ?? DATA_CONNECT_DEFAULTS.serviceId,
      location: env.DATA_CONNECT_LOCATION ?? DATA_CONNECT_DEFAULTS.location,
      connector: env.DATA_CONNECT_CONNECTOR ?? DATA_CONNECT_DEFAULTS.connector,
    };
  }
  throw new Error(`WAREHOUSE_ADAPTER="${adapter}" is not valid: use "dataconnect" (production default) or "postgres"`);
}

export function createWarehouse(config: WarehouseConfig): Warehouse {
  if (config.adapter === 'postgres')
    return new PostgresWarehouse({ databaseUrl: config.databaseUrl, poolSize: config.poolSize });
  return new DataConnectWarehouse(config);
}
