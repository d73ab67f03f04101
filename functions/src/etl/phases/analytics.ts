// Phase 5: recompute the analytics rows of every granularity containing the completion, for BOTH
// custodians, from committed Transfer rows. A recomputation, not an increment, so any replay
// yields the same numbers; every granularity, so the time series is as fresh as the cards.
import type { EtlWriter, RolloverAggregate } from '@trustrails/warehouse';

export const analytics = (warehouse: EtlWriter, rollover: RolloverAggregate) =>
  warehouse.refreshAnalytics([rollover.sourceCustodianId, rollover.destinationCustodianId], rollover.completedAt);
