import 'server-only';
// The warehouse port for this server process: one adapter (and one connection pool) shared by
// every request, chosen by WAREHOUSE_ADAPTER like the functions.
import { createWarehouse, type Warehouse } from '@trustrails/warehouse';
import { webConfig } from '@/lib/config';
import { processSingleton } from '@/lib/process-singleton';

export const warehouse: () => Warehouse = processSingleton('warehouse', () => createWarehouse(webConfig().warehouse));
