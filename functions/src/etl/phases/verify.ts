// Phase 6 (read-back half): the cards may only be told to refresh once the transfer reads as
// completed and both custodians' analytics rows exist. A mismatch is retried, not announced.
import type { RolloverAggregate, Warehouse } from '@trustrails/warehouse';

export async function verify(warehouse: Warehouse, rollover: RolloverAggregate): Promise<string[]> {
  const result = await warehouse.verify(rollover);
  if (!result.transferCompleted) throw new Error(`verify: transfer ${rollover.transferId} is not completed`);
  const custodians = new Set([rollover.sourceCustodianId, rollover.destinationCustodianId]);
  const missing = [...custodians].filter((c) => !result.custodiansWithAnalytics.includes(c));
  if (missing.length > 0) throw new Error(`verify: analytics rows missing for ${missing.join(', ')}`);
  return tablesPopulated(rollover);
}

/** The logical tables this rollover wrote, for the etl.completed event. */
export function tablesPopulated(rollover: RolloverAggregate): string[] {
  return [
    'custodians',
    'participants',
    'accounts',
    'transfers',
    ...(rollover.financialBreakdown ? ['financial_breakdowns'] : []),
    'transfer_events',
    ...(rollover.blockchainTransactions.length > 0 ? ['blockchain_transactions'] : []),
    ...(rollover.tokenMovements.length > 0 ? ['token_movements'] : []),
    'transfer_status_history',
    'audit_logs',
    'analytics_time_series',
  ];
}
