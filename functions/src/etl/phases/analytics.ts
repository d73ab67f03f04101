// Phase 5: recompute the daily and monthly analytics rows of BOTH custodians from committed
// Transfer rows. A recomputation, not an increment, so any replay yields the same numbers.
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';

export const analytics = (warehouse: Warehouse, rollover: RolloverAggregate) =>
  warehouse.refreshAnalytics([rollover.sourceCustodianId, rollover.destinationCustodianId], rollover.completedAt);
