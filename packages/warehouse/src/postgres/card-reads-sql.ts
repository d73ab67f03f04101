// What the dashboard reads, in SQL: one custodian's monthly cards and its time series, both from
// the stored analytics_time_series rows.
import type { Pool } from 'pg';
import { MAX_TIME_SERIES_POINTS, type MonthlySummary, type TimeSeries } from '@trustrails/contracts';
import { assembleTimeSeries, timeSeriesPeriods, type TimeSeriesQuery } from '../time-series';

export async function monthlySummary(pool: Pool, custodianId: string, month: string): Promise<MonthlySummary> {
  const { rows } = await pool.query<{
    completed_count: number;
    volume_cents: number;
    avg_completion_ms: number | null;
    updated_at: Date;
  }>(
    `SELECT completed_count, volume_cents, avg_completion_ms, updated_at FROM analytics_time_series
       WHERE custodian_id = $1 AND granularity = 'monthly' AND period_start = $2::date`,
    [custodianId, `${month}-01`],
  );
  const row = rows[0];
  return {
    custodianId,
    month,
    completedCount: row?.completed_count ?? 0,
    volumeCents: row?.volume_cents ?? 0,
    avgCompletionMs: row && row.completed_count > 0 ? row.avg_completion_ms : null,
    asOf: row && row.completed_count > 0 ? row.updated_at.toISOString() : null,
  };
}

export async function timeSeries(pool: Pool, query: TimeSeriesQuery): Promise<TimeSeries> {
  const periods = timeSeriesPeriods(query, MAX_TIME_SERIES_POINTS);
  const { rows } = await pool.query<{
    period_start: string;
    completed_count: number;
    volume_cents: number;
    avg_completion_ms: number | null;
    updated_at: Date;
  }>(
    `SELECT to_char(period_start, 'YYYY-MM-DD') AS period_start, completed_count, volume_cents,
              avg_completion_ms, updated_at
         FROM analytics_time_series
        WHERE custodian_id = $1 AND granularity = $2 AND period_start BETWEEN $3::date AND $4::date`,
    [query.custodianId, query.granularity, periods[0], periods.at(-1)],
  );
  return assembleTimeSeries(
    query,
    periods,
    rows.map((r) => ({
      periodStart: r.period_start,
      completedCount: r.completed_count,
      volumeCents: r.volume_cents,
      avgCompletionMs: r.avg_completion_ms,
      updatedAt: r.updated_at,
    })),
  );
}
