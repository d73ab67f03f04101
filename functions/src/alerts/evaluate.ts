// Which health conditions are breached: a pure comparison of the queue's figures with the
// thresholds, so every condition can be tested at, under and over its limit without a database.
import type { AlertCondition } from '@trustrails/contracts';

/** The figures the conditions read (check.ts reads them from the run, letter and schedule documents). */
export interface HealthFigures {
  /** PENDING runs on the live lane, and on the bulk lane (a backfill's backlog), counted apart. */
  livePending: number;
  bulkPending: number;
  /** When the longest-waiting live run became PENDING (its pendingSince), not when it was created. */
  oldestLivePendingAt: string | null;
  failuresLastHour: number;
  processingTimeMs: { p95: number | null };
  /** etl.completed commit -> cards rendered, as the dashboards reported it over the last hour. */
  freshnessMs: { p95: number | null };
  /** Open dead letters: DEAD, or REDRIVEN with the run not finished yet. */
  deadLetters: number;
  /** The sweeper's last completed run (etlSchedules/sweep), or null when none is recorded. */
  sweeperLastSuccessAt: string | null;
}

/** The limit of each condition; ages and times in milliseconds. A value above it breaches. */
export type AlertThresholds = Record<AlertCondition, number>;

export interface ConditionResult {
  condition: AlertCondition;
  value: number;
  threshold: number;
  breached: boolean;
}

const ageOf = (iso: string | null, now: Date) => (iso ? Math.max(0, now.getTime() - Date.parse(iso)) : 0);

/**
 * Each condition's value now: no pending run is age 0, no finished run (or no freshness sample in
 * the hour) is a p95 of 0. A sweeper
 * with no completed run on record is age 0: there is no time to measure from.
 */
export function conditionValues(figures: HealthFigures, now: Date): Record<AlertCondition, number> {
  return {
    pendingCount: figures.livePending,
    bulkPendingCount: figures.bulkPending,
    oldestPendingAge: ageOf(figures.oldestLivePendingAt, now),
    processingTimeP95: figures.processingTimeMs.p95 ?? 0,
    failuresPerHour: figures.failuresLastHour,
    deadLetters: figures.deadLetters,
    sweeperStale: ageOf(figures.sweeperLastSuccessAt, now),
    freshnessP95: figures.freshnessMs.p95 ?? 0,
  };
}

/** The conditions that have a threshold here, each compared with it; the others are not evaluated. */
export function evaluate(
  figures: HealthFigures,
  thresholds: Partial<AlertThresholds>,
  now = new Date(),
): ConditionResult[] {
  const values = conditionValues(figures, now);
  return (Object.keys(thresholds) as AlertCondition[]).map((condition) => ({
    condition,
    value: values[condition],
    threshold: thresholds[condition]!,
    breached: values[condition] > thresholds[condition]!,
  }));
}
