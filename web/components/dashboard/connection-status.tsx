'use client';
// The stream's connection state: live, reconnecting or offline.
import type { ConnectionState } from '@/lib/analytics-refresh/controller';
import styles from './dashboard.module.css';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionStatus({ state, testId = 'connection-state' }: { state: ConnectionState; testId?: string }) {
  return (
    <span className={styles.status} data-testid={testId} data-state={state} role="status">
      <span className={`${styles.dot} ${styles[state]}`} aria-hidden />
      {LABELS[state]}
    </span>
  );
}
