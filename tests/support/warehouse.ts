// The same warehouse adapter the functions and web use, against the test stack's PostgreSQL.
import { Pool } from 'pg';
import { createWarehouse, type Warehouse } from '@trustrails/warehouse';

let warehouse: Warehouse | undefined;
let pool: Pool | undefined;

export function testWarehouse(): Warehouse {
  warehouse ??= createWarehouse({ adapter: 'postgres', databaseUrl: process.env.DATABASE_URL! });
  return warehouse;
}

export function sql(): Pool {
  pool ??= new Pool({ connectionString: process.env.DATABASE_URL!, max: 4 });
  return pool;
}

export async function closeWarehouse(): Promise<void> {
  await Promise.all([warehouse?.close(), pool?.end()]);
  warehouse = undefined;
  pool = undefined;
}
