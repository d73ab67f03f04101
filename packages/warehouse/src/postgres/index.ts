// The `@trustrails/warehouse/postgres` entry: what sets a PostgreSQL database up for the warehouse
// (the local stack, tests), without loading the adapters or the Admin SDK's Data Connect.
export { createPool } from './pool';
export { migrate } from './migrate';
export { REQUIRED_COLUMNS } from './required-schema';
