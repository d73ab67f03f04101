// Phase 2: Custodian, Participant, Account, Transfer, FinancialBreakdown and TransferEvent rows.
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';

export const core = (warehouse: Warehouse, rollover: RolloverAggregate) => warehouse.writeCore(rollover);
