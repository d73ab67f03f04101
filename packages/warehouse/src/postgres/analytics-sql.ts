// The one formula for AnalyticsTimeSeries, shared by phase 5 (refreshAnalytics) and the scheduled
// re-aggregation, so the two can never disagree. It recomputes from completed Transfer rows
// (never increments), and touches updated_at only when a figure changes, so re-runs are no-ops.
import type { PoolClient } from 'pg';
import { correctionWindows } from '../correction';
import type { CountedAt, RolloverAggregate } from '../port';
import { GRANULARITY_SQL, type Granularity } from '../windows';

/**
 * Serialises analytics writers per custodian; sorted, so two writers never deadlock. One round trip
 * however many custodians: a lone unnest is a function scan that yields the array in its order,
 * and the locks are taken row by row as it does.
 */
export async function lockCustodians(client: PoolClient, custodianIds: string[]): Promise<string[]> {
  const sorted = [...new Set(custodianIds)].sort();
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:' || id)) FROM unnest($1::text[]) AS id`, [
    sorted,
  ]);
  return sorted;
}

/**
 * The one formula for a window's figures: a LATERAL subquery yielding `completed_count`,
 * `volume_cents`, `avg_completion_ms`, `inbound_count`, `outbound_count` and `includes_transfer`
 * (whether `transferId` is counted) for the custodian and [start, end) given as SQL expressions.
 * One branch per role, so each uses its (custodian, completed_at) index: an OR of the two roles
 * made the planner scan the whole transfer table once per window. The second branch leaves out
 * a transfer to oneself, which the first already counted, so each transfer counts once.
 */
export function windowFigures(custodian: string, start: string, end: string, transferId = 'NULL::text'): string {
  const inWindow = `status = 'completed' AND completed_at >= ${start} AND completed_at < ${end}`;
  return `LATERAL (
    SELECT count(*)::int AS completed_count,
           coalesce(sum(x.amount_cents), 0)::bigint AS volume_cents,
           avg(x.duration_ms)::float8 AS avg_completion_ms,
           count(*) FILTER (WHERE x.destination_custodian_id = ${custodian})::int AS inbound_count,
           count(*) FILTER (WHERE x.source_custodian_id = ${custodian})::int AS outbound_count,
           coalesce(bool_or(x.id = ${transferId}), false) AS includes_transfer
    FROM (
      SELECT id, amount_cents, duration_ms, source_custodian_id, destination_custodian_id FROM transfer
       WHERE source_custodian_id = ${custodian} AND ${inWindow}
      UNION ALL
      SELECT id, amount_cents, duration_ms, source_custodian_id, destination_custodian_id FROM transfer
       WHERE destination_custodian_id = ${custodian} AND source_custodian_id <> ${custodian} AND ${inWindow}
    ) x
  )`;
}

/** A window's bounds as SQL: its start date as a UTC instant, and the start of the next one. */
export const windowBounds = (periodStart: string, length: string) => ({
  start: `(${periodStart}::timestamp AT TIME ZONE 'UTC')`,
  end: `((${periodStart} + interval '${length}')::timestamp AT TIME ZONE 'UTC')`,
});

/** One analytics window: its granularity and its start (YYYY-MM-DD, UTC). */
export interface WindowKey {
  granularity: Granularity;
  periodStart: string;
}

/**
 * Rebuilds the given windows for each custodian in one statement (one round trip however many
 * windows); returns rows changed.
 */
export async function upsertWindowSet(
  client: PoolClient,
  custodianIds: string[],
  windows: WindowKey[],
): Promise<number> {
  const start = `(w.period_start::timestamp AT TIME ZONE 'UTC')`;
  const end = `((w.period_start + w.length)::timestamp AT TIME ZONE 'UTC')`;
  const result = await client.query(
    `INSERT INTO analytics_time_series
       (custodian_id, granularity, period_start, completed_count, volume_cents, avg_completion_ms, inbound_count, outbound_count, updated_at)
     SELECT c.custodian_id, w.granularity, w.period_start, f.completed_count, f.volume_cents, f.avg_completion_ms, f.inbound_count, f.outbound_count, now()
     FROM unnest($1::text[]) AS c(custodian_id)
     CROSS JOIN unnest($2::text[], $3::date[], $4::interval[]) AS w(granularity, period_start, length)
     CROSS JOIN ${windowFigures('c.custodian_id', start, end)} AS f
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
    [
      custodianIds,
      windows.map((w) => w.granularity),
      windows.map((w) => w.periodStart),
      windows.map((w) => GRANULARITY_SQL[w.granularity].length),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Rebuilds the windows of `granularity` starting at each of `periodStarts` (YYYY-MM-DD, UTC) for
 * each custodian; returns rows changed.
 */
export const upsertWindows = (
  client: PoolClient,
  custodianIds: string[],
  granularity: Granularity,
  periodStarts: string[],
): Promise<number> =>
  upsertWindowSet(
    client,
    custodianIds,
    periodStarts.map((periodStart) => ({ granularity, periodStart })),
  );

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

/**
 * A corrected transfer: rebuilds, in every granularity, the windows holding its previous
 * completions and its new one, for its previous and its new custodians (the caller's transaction
 * has written the new values, so the old windows lose it and the new ones count it, once).
 * Returns rows changed; 0 when there is nothing before.
 */
export async function reaggregateCorrection(
  client: PoolClient,
  previous: CountedAt[],
  now: RolloverAggregate,
): Promise<number> {
  const rebuild = correctionWindows(previous, now);
  if (!rebuild) return 0;
  return upsertWindowSet(client, await lockCustodians(client, rebuild.custodianIds), rebuild.windows);
}
