// Phase 2: Custodian, Participant, Account, Transfer, FinancialBreakdown and TransferEvent rows; for
// a reprocess, also the analytics windows the previous revision counted the transfer in (revisedFrom).
import type { EtlWriter, RevisedFrom, RolloverAggregate } from '@trustrails/warehouse';

export const core = (warehouse: EtlWriter, rollover: RolloverAggregate, revisedFrom: RevisedFrom | null) =>
  warehouse.writeCore(rollover, revisedFrom);
