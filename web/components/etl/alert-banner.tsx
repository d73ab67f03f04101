'use client';
// The open health alerts, live, as a banner at the top of /etl: each says which threshold is
// breached, by how much, and since when. Nothing shows while every condition is under its limit.
import type { AlertCondition, EtlAlert } from '@trustrails/contracts';
import { useOpenAlerts } from '@/hooks/use-alert-stream';
import { formatMs } from '@/lib/format/format';
import { ConnectionStatus } from '@/components/dashboard/connection-status';

const LABELS: Record<AlertCondition, string> = {
  pendingCount: 'Pending live runs',
  bulkPendingCount: 'Pending bulk runs',
  oldestPendingAge: 'Oldest pending live run',
  processingTimeP95: 'Processing time p95',
  failuresPerHour: 'Failures in the last hour',
  deadLetters: 'Open dead letters',
  sweeperStale: 'Time since the sweeper last completed',
  freshnessP95: 'Freshness p95, ETL signal to cards rendered',
};
const IN_MS: ReadonlySet<AlertCondition> = new Set([
  'oldestPendingAge',
  'processingTimeP95',
  'sweeperStale',
  'freshnessP95',
]);
const shown = (alert: EtlAlert, n: number) => (IN_MS.has(alert.condition) ? formatMs(n) : String(n));

export function AlertBanner() {
  const { alerts, state } = useOpenAlerts();
  // The alert stream's own state, shown even with no alert open: none open is news only while live.
  const status = (
    <p>
      Alerts: <ConnectionStatus state={state} testId="alert-connection-state" />
    </p>
  );
  if (alerts.length === 0) return status;
  return (
    <>
      {status}
      <div
        role="alert"
        data-testid="alert-banner"
        style={{ background: '#fff1f0', border: '1px solid #cf222e', borderRadius: 6, padding: '8px 12px' }}
      >
        <strong>Health alerts</strong>
        <ul style={{ margin: '4px 0 0' }}>
          {alerts.map((alert) => (
            <li key={alert.condition} data-testid={`alert-${alert.condition}`}>
              {LABELS[alert.condition]}: {shown(alert, alert.value)} (threshold {shown(alert, alert.threshold)}), open
              since {new Date(alert.openedAt).toLocaleString()}
              {alert.occurrences && alert.lastOccurrenceAt
                ? `; ${alert.occurrences} new since, the last at ${new Date(alert.lastOccurrenceAt).toLocaleString()}`
                : ''}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
