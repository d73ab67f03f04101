// Which health conditions are breached: a pure comparison of the queue's figures with the
// thresholds, so every condition can be tested at, under and over its limit without a database.
import type { AlertCondition } from '@trustrails/contracts';

/** The figures the conditions read: health() of operations/runs-query.ts plus the DEAD dead letters. */
export interface HealthFigures {
  pending: number;
  oldestPendingAt: string | null;
  failuresLastHour: number;
  processingTimeMs: { p95: number | null };
  deadLetters: number;
}

/** The limit of each condition; ages and times in milliseconds. A value above it breaches. */
export type AlertThresholds = Record<AlertCondition, number>;

export interface ConditionResult {
  condition: AlertCondition;
  value: number;
  threshold: number;
  breached: boolean;
}

/** Each condition's value now: no pending run is age 0, no finished run is a p95 of 0. */
export function conditionValues(figures: HealthFigures, now: Date): Record<AlertCondition, number> {
  return {
    pendingCount: figures.pending,
    oldestPendingAge: figures.oldestPendingAt ? Math.max(0, now.getTime() - Date.parse(figures.oldestPendingAt)) : 0,
    processingTimeP95: figures.processingTimeMs.p95 ?? 0,
    failuresPerHour: figures.failuresLastHour,
    deadLetters: figures.deadLetters,
  };
}

export function evaluate(figures: HealthFigures, thresholds: AlertThresholds, now = new Date()): ConditionResult[] {
  const values = conditionValues(figures, now);
  return (Object.keys(thresholds) as AlertCondition[]).map((condition) => ({
    condition,
    value: values[condition],
    threshold: thresholds[condition],
    breached: values[condition] > thresholds[condition],
  }));
}
