export * from './port';
export { PostgresWarehouse } from './postgres/adapter';
export { DataConnectWarehouse } from './dataconnect/adapter';
export { createPool } from './postgres/pool';
export { migrate } from './postgres/migrate';
export { createWarehouse, warehouseConfigFromEnv, DATA_CONNECT_DEFAULTS, type WarehouseConfig } from './config';
