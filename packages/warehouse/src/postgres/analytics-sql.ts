// The one formula for AnalyticsTimeSeries, shared by phase 5 (refreshAnalytics) and the scheduled
// re-aggregation, so the two can never disagree. It recomputes from completed Transfer rows
// (never increments), and touches updated_at only when a figure changes, so re-runs are no-ops.
import type { PoolClient } from 'pg';

export const WINDOW_UNITS = {
  daily: { trunc: 'day', length: '1 day' },
  weekly: { trunc: 'week', length: '1 week' },
  monthly: { trunc: 'month', length: '1 month' },
  quarterly: { trunc: 'quarter', length: '3 months' },
  yearly: { trunc: 'year', length: '1 year' },
} as const;
export type WindowGranularity = keyof typeof WINDOW_UNITS;

/** Serialises analytics writers per custodian; sorted, so two writers never deadlock. */
export async function lockCustodians(client: PoolClient, custodianIds: string[]): Promise<string[]> {
  const sorted = [...new Set(custodianIds)].sort();
  for (const id of sorted) await client.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:' || $1))`, [id]);
  return sorted;
}

/** Rebuilds the window of `granularity` containing `at` (UTC) for each custodian; returns rows changed. */
export async function upsertWindow(
  client: PoolClient,
  custodianIds: string[],
  granularity: WindowGranularity,
  at: Date,
): Promise<number> {
  const { trunc, length } = WINDOW_UNITS[granularity];
  const result = await client.query(
    `WITH periods AS (
       SELECT c.custodian_id, date_trunc('${trunc}', $2::timestamptz AT TIME ZONE 'UTC')::date AS period_start
       FROM unnest($1::text[]) AS c(custodian_id)
     ),
     stats AS (
       SELECT p.custodian_id, p.period_start,
              count(t.id)::int AS completed_count,
              coalesce(sum(t.amount_cents), 0)::bigint AS volume_cents,
              avg(t.duration_ms)::float8 AS avg_completion_ms,
              count(t.id) FILTER (WHERE t.destination_custodian_id = p.custodian_id)::int AS inbound_count,
              count(t.id) FILTER (WHERE t.source_custodian_id = p.custodian_id)::int AS outbound_count
       FROM periods p
       LEFT JOIN transfer t
         ON t.status = 'completed'
        AND (t.source_custodian_id = p.custodian_id OR t.destination_custodian_id = p.custodian_id)
        AND t.completed_at >= (p.period_start::timestamp AT TIME ZONE 'UTC')
        AND t.completed_at < ((p.period_start + interval '${length}')::timestamp AT TIME ZONE 'UTC')
       GROUP BY p.custodian_id, p.period_start
     )
     INSERT INTO analytics_time_series
       (custodian_id, granularity, period_start, completed_count, volume_cents, avg_completion_ms, inbound_count, outbound_count, updated_at)
     SELECT custodian_id, $3, period_start, completed_count, volume_cents, avg_completion_ms, inbound_count, outbound_count, now()
     FROM stats
     ON CONFLICT (custodian_id, granularity, period_start) DO UPDATE SET
       completed_count = EXCLUDED.completed_count,
       volume_cents = EXCLUDED.volume_cents,
       avg_completion_ms = EXCLUDED.avg_completion_ms,
       inbound_count = EXCLUDED.inbound_count,
       outbound_count = EXCLUDED.outbound_count,
       updated_at = EXCLUDED.updated_at
     WHERE (analytics_time_series.completed_count, analytics_time_series.volume_cents, analytics_time_series.avg_completion_ms,
            analytics_time_series.inbound_count, analytics_time_series.outbound_count)
       IS DISTINCT FROM
           (EXCLUDED.completed_count, EXCLUDED.volume_cents, EXCLUDED.avg_completion_ms, EXCLUDED.inbound_count, EXCLUDED.outbound_count)`,
    [custodianIds, at.toISOString(), granularity],
  );
  return result.rowCount ?? 0;
}
