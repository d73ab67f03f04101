// Direct SQL over the warehouse tables: row counts per transfer, and the monthly figures
// recomputed from Transfer, independent of the analytics code under test.
import type { Pool } from 'pg';
import { GRANULARITY_SQL } from '@trustrails/warehouse';

export async function rowCountsForTransfer(
  pool: Pool,
  transferId: string,
  custodianIds: string[],
): Promise<Record<string, number>> {
  const { rows } = await pool.query(
    `SELECT
       (SELECT count(*) FROM custodian WHERE id = ANY($2))::int AS custodian,
       (SELECT count(*) FROM participant p JOIN transfer t ON t.participant_id = p.id WHERE t.id = $1)::int AS participant,
       (SELECT count(*) FROM account a JOIN transfer t ON a.id IN (t.source_account_id, t.destination_account_id) WHERE t.id = $1)::int AS account,
       (SELECT count(*) FROM transfer WHERE id = $1)::int AS transfer,
       (SELECT count(*) FROM financial_breakdown WHERE transfer_id = $1)::int AS financial_breakdown,
       (SELECT count(*) FROM transfer_event WHERE transfer_id = $1)::int AS transfer_event,
       (SELECT count(*) FROM transfer_status_history WHERE transfer_id = $1)::int AS transfer_status_history,
       (SELECT count(*) FROM blockchain_transaction WHERE transfer_id = $1)::int AS blockchain_transaction,
       (SELECT count(*) FROM token_movement WHERE transfer_id = $1)::int AS token_movement,
       (SELECT count(*) FROM audit_log WHERE entity_type = 'transfer' AND entity_id = $1)::int AS audit_log,
       (SELECT count(*) FROM analytics_time_series WHERE custodian_id = ANY($2))::int AS analytics_time_series,
       (SELECT count(*) FROM etl_run r JOIN transfer t ON t.rollover_id = r.rollover_id WHERE t.id = $1 AND r.status = 'FINISHED')::int AS etl_run`,
    [transferId, custodianIds],
  );
  return rows[0];
}

export async function monthlyFromTransfers(pool: Pool, custodianId: string, month: string) {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS "completedCount",
            coalesce(sum(amount_cents), 0)::float8 AS "volumeCents",
            avg(duration_ms)::float8 AS "avgCompletionMs"
     FROM transfer
     WHERE status = 'completed'
       AND (source_custodian_id = $1 OR destination_custodian_id = $1)
       AND completed_at >= ($2::date::timestamp AT TIME ZONE 'UTC')
       AND completed_at < (($2::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')`,
    [custodianId, `${month}-01`],
  );
  const row = rows[0] as { completedCount: number; volumeCents: number; avgCompletionMs: number | null };
  return {
    completedCount: row.completedCount,
    volumeCents: row.volumeCents,
    avgCompletionMs: row.completedCount > 0 ? row.avgCompletionMs : null,
  };
}

/**
 * A custodian's completed transfers grouped by UTC period with Postgres's own date_trunc (ISO
 * weeks start Monday), keyed by YYYY-MM-DD: a recomputation independent of the analytics code.
 */
export async function periodsFromTransfers(
  pool: Pool,
  custodianId: string,
  granularity: keyof typeof GRANULARITY_SQL,
): Promise<Map<string, { completedCount: number; volumeCents: number }>> {
  const { rows } = await pool.query<{ period: string; completedCount: number; volumeCents: number }>(
    `SELECT to_char(date_trunc($2, completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS period,
            count(*)::int AS "completedCount", sum(amount_cents)::float8 AS "volumeCents"
     FROM transfer
     WHERE status = 'completed' AND (source_custodian_id = $1 OR destination_custodian_id = $1)
     GROUP BY 1`,
    [custodianId, GRANULARITY_SQL[granularity].trunc],
  );
  return new Map(rows.map((r) => [r.period, { completedCount: r.completedCount, volumeCents: r.volumeCents }]));
}
