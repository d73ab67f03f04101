// Phase 3: BlockchainTransaction and TokenMovement rows, only where the events hold them.
import type { EtlWriter, RolloverAggregate } from '@trustrails/warehouse';

export const chain = (warehouse: EtlWriter, rollover: RolloverAggregate) => warehouse.writeChain(rollover);
