import 'server-only';
// The warehouse port for this server process: one adapter (and one connection pool) shared by
// every request, chosen by WAREHOUSE_ADAPTER like the functions.
import { createWarehouse, warehouseConfigFromEnv, type Warehouse } from '@trustrails/warehouse';

const KEY = Symbol.for('trustrails.web.warehouse');
type Holder = { [KEY]?: Warehouse };

export function warehouse(): Warehouse {
  const holder = globalThis as Holder;
  holder[KEY] ??= createWarehouse(warehouseConfigFromEnv(process.env));
  return holder[KEY];
}
