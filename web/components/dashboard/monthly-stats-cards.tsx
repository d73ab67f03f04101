'use client';
// The three monthly cards. They render from one summary object, so they always change together.
// data-value is the raw number (cents, ms, count), or "" while unknown (docs/contracts/dashboard.md).
import type { MonthlySummary } from '@trustrails/contracts';
import { formatCents, formatDuration } from '@/lib/format/format';
import styles from './dashboard.module.css';

interface CardProps {
  testId: string;
  label: string;
  value: number | null | undefined;
  format: (value: number) => string;
}

function StatCard({ testId, label, value, format }: CardProps) {
  const known = typeof value === 'number';
  return (
    <div className={styles.card} data-testid={testId} data-value={known ? String(value) : ''}>
      <div className={styles.cardLabel}>{label}</div>
      <div className={styles.cardValue}>{known ? format(value) : '—'}</div>
    </div>
  );
}

export function MonthlyStatsCards({ summary }: { summary: MonthlySummary | undefined }) {
  return (
    <section className={styles.cards} aria-label="This month">
      <StatCard testId="card-volume" label="Volume" value={summary?.volumeCents} format={formatCents} />
      <StatCard
        testId="card-avg-time"
        label="Average completion time"
        value={summary?.avgCompletionMs}
        format={formatDuration}
      />
      <StatCard
        testId="card-completion-count"
        label="Completed transfers"
        value={summary?.completedCount}
        format={String}
      />
    </section>
  );
}
