// Scheduled re-aggregation: rebuild every custodian's current weekly, monthly, quarterly and
// yearly windows from Transfer (set-based SQL in the warehouse). Idempotent, and safe to overlap:
// the warehouse serialises per custodian with advisory locks.
import type { Warehouse } from '@trustrails/warehouse';

export const REAGGREGATED_GRANULARITIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;

export async function reaggregateCurrentWindows(warehouse: Warehouse, at = new Date()) {
  const t0 = performance.now();
  const result = await warehouse.reaggregateWindows({ at, granularities: [...REAGGREGATED_GRANULARITIES] });
  return { ...result, windows: REAGGREGATED_GRANULARITIES.length, ms: Math.round(performance.now() - t0) };
}
