export * from './port';
export { custodiansOf, accountsOf } from './read-back';
export { OwnershipConflictError, UnsupportedByAdapterError } from './errors';
export { TimeSeriesRangeError, timeSeriesPeriods, type TimeSeriesQuery } from './time-series';
export { GRANULARITY_SQL, windowOf } from './windows';
export { PostgresWarehouse } from './postgres/adapter';
export { DataConnectWarehouse } from './dataconnect/adapter';
export { createPool } from './postgres/pool';
export { migrate } from './postgres/migrate';
export {
  createWarehouse,
  warehouseConfigFromEnv,
  postgresSettingsFromEnv,
  DATA_CONNECT_DEFAULTS,
  WAREHOUSE_SETTINGS,
  type WarehouseConfig,
} from './config';
export { checkSchema, SchemaMismatchError } from './postgres/schema-check';
export { cloudSqlConnection, iamDatabaseUser, type CloudSqlConfig } from './postgres/cloud-sql';
