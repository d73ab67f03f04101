// Direct SQL for the postgres-adapter tests: whole-row snapshots of one transfer's rows, the
// stored analytics rows, and the figures recomputed from Transfer independently of the adapter.
import type { Pool } from 'pg';

/** Every row the ETL writes for one transfer, as text, so two snapshots compare byte for byte. */
export async function transferSnapshot(pool: Pool, transferId: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    transfer: `SELECT t::text FROM transfer t WHERE id = $1`,
    custodian: `SELECT c::text FROM custodian c WHERE id IN (SELECT source_custodian_id FROM transfer WHERE id = $1 UNION SELECT destination_custodian_id FROM transfer WHERE id = $1)`,
    participant: `SELECT p::text FROM participant p WHERE id = (SELECT participant_id FROM transfer WHERE id = $1)`,
    account: `SELECT a::text FROM account a WHERE id IN (SELECT source_account_id FROM transfer WHERE id = $1 UNION SELECT destination_account_id FROM transfer WHERE id = $1)`,
    financial_breakdown: `SELECT f::text FROM financial_breakdown f WHERE transfer_id = $1`,
    transfer_event: `SELECT e::text FROM transfer_event e WHERE transfer_id = $1`,
    transfer_status_history: `SELECT h::text FROM transfer_status_history h WHERE transfer_id = $1`,
    blockchain_transaction: `SELECT b::text FROM blockchain_transaction b WHERE transfer_id = $1`,
    token_movement: `SELECT m::text FROM token_movement m WHERE transfer_id = $1`,
    audit_log: `SELECT l::text FROM audit_log l WHERE entity_type = 'transfer' AND entity_id = $1`,
    etl_run: `SELECT r::text FROM etl_run r WHERE rollover_id = (SELECT rollover_id FROM transfer WHERE id = $1)`,
  };
  const snapshot: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(tables)) {
    snapshot[table] = (await pool.query<{ [k: string]: string }>(`${sql} ORDER BY 1`, [transferId])).rows.map(
      (r) => Object.values(r)[0]!,
    );
  }
  return snapshot;
}

export interface Figures {
  completedCount: number;
  volumeCents: number;
  avgCompletionMs: number | null;
  inboundCount: number;
  outboundCount: number;
}

/** The stored analytics row (with updated_at as text), or null. */
export async function analyticsRow(pool: Pool, custodianId: string, granularity: string, periodStart: string) {
  const { rows } = await pool.query<Figures & { updatedAt: string }>(
    `SELECT completed_count AS "completedCount", volume_cents AS "volumeCents", avg_completion_ms AS "avgCompletionMs",
            inbound_count AS "inboundCount", outbound_count AS "outboundCount", updated_at::text AS "updatedAt"
     FROM analytics_time_series WHERE custodian_id = $1 AND granularity = $2 AND period_start = $3::date`,
    [custodianId, granularity, periodStart],
  );
  return rows[0] ?? null;
}

/** Figures for [from, to) recomputed straight from completed transfers, one row per transfer. */
export async function recomputed(pool: Pool, custodianId: string, from: string, to: string): Promise<Figures> {
  const { rows } = await pool.query<{
    amount_cents: number;
    duration_ms: number;
    source_custodian_id: string;
    destination_custodian_id: string;
  }>(
    `SELECT amount_cents, duration_ms, source_custodian_id, destination_custodian_id FROM transfer
     WHERE status = 'completed' AND completed_at >= $2::timestamptz AND completed_at < $3::timestamptz
       AND $1 IN (source_custodian_id, destination_custodian_id)`,
    [custodianId, from, to],
  );
  const count = rows.length;
  return {
    completedCount: count,
    volumeCents: rows.reduce((sum, r) => sum + r.amount_cents, 0),
    avgCompletionMs: count === 0 ? null : rows.reduce((sum, r) => sum + r.duration_ms, 0) / count,
    inboundCount: rows.filter((r) => r.destination_custodian_id === custodianId).length,
    outboundCount: rows.filter((r) => r.source_custodian_id === custodianId).length,
  };
}
