// Phase 2: Custodian, Participant, Account, Transfer, FinancialBreakdown and TransferEvent rows; for
// a reprocess, also the analytics windows the previous revision counted the transfer in (revisedFrom).
import type { RevisedFrom, RolloverAggregate, Warehouse } from '@trustrails/warehouse';

export const core = (warehouse: Warehouse, rollover: RolloverAggregate, revisedFrom: RevisedFrom | null) =>
  warehouse.writeCore(rollover, revisedFrom);
