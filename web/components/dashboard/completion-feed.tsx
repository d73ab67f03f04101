'use client';
// The live feed of recent completions this custodian is a party to, with their ETL status.
import type { FeedItem, FeedStatus } from '@/lib/analytics-refresh/controller';
import styles from './dashboard.module.css';

const STATUS: Record<FeedStatus, string> = {
  'awaiting-etl': 'awaiting ETL',
  counted: 'counted',
  'possibly-stale': 'ETL late — figures may be stale',
  'etl-failed': 'ETL failed',
};

export function CompletionFeed({ items, custodianId }: { items: FeedItem[]; custodianId: string }) {
  if (items.length === 0) return <p className={styles.muted}>No completions since this page opened.</p>;
  return (
    <ul className={styles.feed} data-testid="completion-feed">
      {items.map((item) => {
        const outgoing = item.sourceCustodianId === custodianId;
        const counterpart = outgoing ? item.destinationCustodianId : item.sourceCustodianId;
        return (
          <li
            key={item.rolloverId}
            data-testid="feed-item"
            data-rollover-id={item.rolloverId}
            data-status={item.status}
          >
            <span>
              {item.transferId ?? item.rolloverId} {outgoing ? '→' : '←'} {counterpart ?? 'unknown'}
            </span>
            <span className={styles.muted}>
              {new Date(item.completedAt).toLocaleTimeString()} · {STATUS[item.status]}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
