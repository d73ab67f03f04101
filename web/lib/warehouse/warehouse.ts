import 'server-only';
// The warehouse port for this server process: one adapter (and one connection pool) shared by
// every request, chosen by WAREHOUSE_ADAPTER like the functions.
import { createWarehouse, type Warehouse } from '@trustrails/warehouse';
import { webConfig } from '../config';

const KEY = Symbol.for('trustrails.web.warehouse');
type Holder = { [KEY]?: Warehouse };

export function warehouse(): Warehouse {
  const holder = globalThis as Holder;
  holder[KEY] ??= createWarehouse(webConfig().warehouse);
  return holder[KEY];
}
