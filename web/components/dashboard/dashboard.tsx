'use client';
// The dashboard body: the summary through SWR (refreshed only by the stream's signal or its
// fallback, never by focus or polling), the three cards, the connection state and the feed.
import type { MonthlySummary } from '@trustrails/contracts';
import useSWR from 'swr';
import { useAnalyticsRefresh } from '../../hooks/use-analytics-refresh';
import { fetchJson } from '../../lib/http/fetch-json';
import { CompletionFeed } from './completion-feed';
import { ConnectionStatus } from './connection-status';
import styles from './dashboard.module.css';
import { MonthlyStatsCards } from './monthly-stats-cards';

export interface DashboardProps {
  custodianId: string;
  month: string;
  fallbackMs: number;
}

export const summaryKey = (custodianId: string, month: string): string =>
  `/api/analytics/monthly-summary?custodianId=${encodeURIComponent(custodianId)}&month=${month}`;

export function Dashboard({ custodianId, month, fallbackMs }: DashboardProps) {
  const key = summaryKey(custodianId, month);
  const { data, error } = useSWR<MonthlySummary>(key, fetchJson, {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    dedupingInterval: 0,
  });
  const refresh = useAnalyticsRefresh({ custodianId, summaryKey: key, fallbackMs });

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
      <MonthlyStatsCards summary={data} />
      <p className={styles.muted}>
        {data?.asOf ? `As of ${new Date(data.asOf).toLocaleString()}` : 'No ETL completion yet this month.'}
      </p>
      <h3>Recent completions</h3>
      <CompletionFeed items={refresh.feed} custodianId={custodianId} />
    </>
  );
}
