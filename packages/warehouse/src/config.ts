// Chooses the adapter from configuration, for the functions and the web server alike. `postgres`
// is the production default: over the Cloud SQL connector to the Data Connect service's database
// in production (CLOUD_SQL_*), or over DATABASE_URL locally and in tests. `dataconnect` (the
// connector's named operations through the Admin SDK) stays selectable. Every setting is listed
// once in WAREHOUSE_SETTINGS with its description; a bad value or combination throws with what is valid.
import { DataConnectWarehouse } from './dataconnect/adapter';
import type { Warehouse } from './port';
import { PostgresWarehouse } from './postgres/adapter';
import { cloudSqlConnection } from './postgres/cloud-sql';
import type { WarehouseConfig } from './settings';

export {
  CLOUD_SQL_DEFAULT_DATABASE,
  DATA_CONNECT_DEFAULTS,
  POOL_DEFAULTS,
  WAREHOUSE_SETTINGS,
  postgresSettingsFromEnv,
  warehouseConfigFromEnv,
  type PostgresSettings,
  type WarehouseConfig,
} from './settings';

export function createWarehouse(config: WarehouseConfig): Warehouse {
  if (config.adapter === 'dataconnect') return new DataConnectWarehouse(config);
  const settings = {
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    lockTimeoutMs: config.lockTimeoutMs,
  };
  if ('cloudSql' in config) {
    const { cloudSql } = config;
    // Data Connect owns this schema and no migration runs here: check it before the first write.
    return new PostgresWarehouse({ connect: () => cloudSqlConnection(cloudSql), verifySchema: true, ...settings });
  }
  return new PostgresWarehouse({ databaseUrl: config.databaseUrl, ...settings });
}
