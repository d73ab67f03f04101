// Phase 3: BlockchainTransaction and TokenMovement rows, only where the events hold them.
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';

export const chain = (warehouse: Warehouse, rollover: RolloverAggregate) => warehouse.writeChain(rollover);
