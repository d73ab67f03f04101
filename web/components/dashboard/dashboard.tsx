'use client';
// The dashboard body: the cards and the chart through ONE SWR resource (refreshed only by the
// stream's signal or its fallback, never by focus or polling), so they re-render together from one
// result; the connection state and the feed.
import { useState } from 'react';
import useSWR from 'swr';
import { useAnalyticsRefresh } from '@/hooks/use-analytics-refresh';
import { useFreshnessBeacon } from '@/hooks/use-freshness-beacon';
import { useUtcMonth } from '@/hooks/use-utc-month';
import {
  dashboardKey,
  defaultRange,
  fetchDashboard,
  type DashboardData,
  type SeriesRange,
} from '@/lib/analytics/dashboard-data';
import { CompletionFeed } from './completion-feed';
import { ConnectionStatus } from './connection-status';
import styles from './dashboard.module.css';
import { MonthlyStatsCards } from './monthly-stats-cards';
import { TimeSeriesChart } from './time-series-chart';
import { TimeSeriesControls } from './time-series-controls';

export interface DashboardProps {
  custodianId: string;
  /** The month the server rendered; the page follows the UTC month from there. */
  initialMonth: string;
  fallbackMs: number;
}

export function Dashboard({ custodianId, initialMonth, fallbackMs }: DashboardProps) {
  const month = useUtcMonth(initialMonth);
  const [range, setRange] = useState<SeriesRange>(() => defaultRange('monthly'));
  const key = dashboardKey(custodianId, month, range);
  const { data, error } = useSWR<DashboardData>(key, fetchDashboard, {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    dedupingInterval: 0,
    // A new range keeps the cards on screen while the chart's points load.
    keepPreviousData: true,
  });
  const summary = data?.summary;
  // Freshness as users see it: the signal's commit to these cards' render (docs/monitoring.md).
  const onMessage = useFreshnessBeacon(
    custodianId,
    summary ? `${summary.completedCount}|${summary.volumeCents}|${summary.avgCompletionMs}` : null,
  );
  const refresh = useAnalyticsRefresh({ custodianId, summaryKey: key, fallbackMs, onMessage });

  return (
    <>
      <div className={styles.header}>
        <h2>
          {custodianId} · {month}
        </h2>
        <ConnectionStatus state={refresh.state} />
      </div>
      {error ? <p role="alert">Could not load the summary: {String(error.message ?? error)}</p> : null}
      {refresh.possiblyStale ? (
        <p className={styles.stale} data-testid="possibly-stale">
          Refreshed without the ETL signal: figures may be stale.
        </p>
      ) : null}
      <MonthlyStatsCards summary={summary} />
      <p className={styles.muted}>
        {summary?.asOf ? `As of ${new Date(summary.asOf).toLocaleString()}` : 'No ETL completion yet this month.'}
      </p>
      <h3>Over time</h3>
      <TimeSeriesControls range={range} onChange={setRange} />
      {data?.seriesError ? (
        <p role="alert" data-testid="time-series-error">
          Could not load the chart: {data.seriesError}
        </p>
      ) : data?.series ? (
        <TimeSeriesChart series={data.series} />
      ) : null}
      <h3>Recent completions</h3>
      <CompletionFeed items={refresh.feed} custodianId={custodianId} />
    </>
  );
}
