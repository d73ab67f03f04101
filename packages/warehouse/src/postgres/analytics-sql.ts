// The one formula for AnalyticsTimeSeries, shared by phase 5 (refreshAnalytics) and the scheduled
// re-aggregation, so the two can never disagree. It recomputes from completed Transfer rows
// (never increments), and touches updated_at only when a figure changes, so re-runs are no-ops.
import type { PoolClient } from 'pg';
import { windowOf } from '../windows';

export const WINDOW_UNITS = {
  daily: { length: '1 day' },
  weekly: { length: '1 week' },
  monthly: { length: '1 month' },
  quarterly: { length: '3 months' },
  yearly: { length: '1 year' },
} as const;
export type WindowGranularity = keyof typeof WINDOW_UNITS;

/** Serialises analytics writers per custodian; sorted, so two writers never deadlock. */
export async function lockCustodians(client: PoolClient, custodianIds: string[]): Promise<string[]> {
  const sorted = [...new Set(custodianIds)].sort();
  for (const id of sorted) await client.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:' || $1))`, [id]);
  return sorted;
}

/**
 * Rebuilds the windows of `granularity` starting at each of `periodStarts` (YYYY-MM-DD, UTC) for
 * each custodian; returns rows changed.
 */
export async function upsertWindows(
  client: PoolClient,
  custodianIds: string[],
  granularity: WindowGranularity,
  periodStarts: string[],
): Promise<number> {
  const { length } = WINDOW_UNITS[granularity];
  const result = await client.query(
    `WITH periods AS (
       SELECT c.custodian_id, p.period_start
       FROM unnest($1::text[]) AS c(custodian_id), unnest($2::date[]) AS p(period_start)
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
    [custodianIds, periodStarts, granularity],
  );
  return result.rowCount ?? 0;
}

/** Rebuilds the window of `granularity` containing `at` (UTC) for each custodian; returns rows changed. */
export function upsertWindow(
  client: PoolClient,
  custodianIds: string[],
  granularity: WindowGranularity,
  at: Date,
): Promise<number> {
  return upsertWindows(client, custodianIds, granularity, [windowOf(granularity, at).periodStart]);
}

/**
 * The UTC days on which this custodian's transfers changed at or after `since` completed (every
 * day with a completed transfer when `since` is null): the windows re-aggregation must rebuild.
 * One branch per role, so each uses its (custodian, completed_at) index.
 */
export async function touchedDays(client: PoolClient, custodianId: string, since: Date | null): Promise<Date[]> {
  const { rows } = await client.query<{ day: string }>(
    `SELECT DISTINCT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM (
       SELECT completed_at, updated_at FROM transfer WHERE source_custodian_id = $1 AND completed_at IS NOT NULL
       UNION ALL
       SELECT completed_at, updated_at FROM transfer WHERE destination_custodian_id = $1 AND completed_at IS NOT NULL
     ) t
     WHERE $2::timestamptz IS NULL OR updated_at >= $2::timestamptz`,
    [custodianId, since],
  );
  return rows.map((r) => new Date(`${r.day}T00:00:00Z`));
}
