// Health alerts the sweeper keeps in `etlAlerts/{condition}`, and how GET /alerts sends them.
import { z } from 'zod';

/**
 * The conditions the sweeper evaluates; each is one document id in etlAlerts. pendingCount and
 * oldestPendingAge read the live lane only (a backfill's backlog is bulkPendingCount's, with its
 * own threshold); sweeperStale is the time since the sweeper last completed; freshnessP95 is the
 * p95 of etl.completed commit -> cards rendered, as the dashboards reported it over the last hour.
 */
export const ALERT_CONDITIONS = Object.freeze([
  'pendingCount',
  'bulkPendingCount',
  'oldestPendingAge',
  'processingTimeP95',
  'failuresPerHour',
  'deadLetters',
  'sweeperStale',
  'freshnessP95',
] as const);
export const AlertCondition = z.enum(ALERT_CONDITIONS);
export type AlertCondition = z.infer<typeof AlertCondition>;

export const ALERT_STATES = Object.freeze({ OPEN: 'open', RESOLVED: 'resolved' } as const);

/**
 * One alert as the admin API and the run stream send it (timestamps as ISO-8601). `value` is the
 * figure when the alert last changed state and `threshold` the limit it was compared with: a
 * condition breaches when its value is above the threshold.
 */
export const EtlAlert = z.object({
  condition: AlertCondition,
  state: z.enum([ALERT_STATES.OPEN, ALERT_STATES.RESOLVED]),
  value: z.number(),
  threshold: z.number(),
  openedAt: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  /**
   * New occurrences announced while the alert stayed open (a dead letter recorded on top of the
   * ones that opened it), and when the last one came; absent until the first.
   */
  occurrences: z.number().int().nonnegative().optional(),
  lastOccurrenceAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type EtlAlert = z.infer<typeof EtlAlert>;

/** GET /alerts: every open alert and those resolved in the recent window, newest first. */
export const AlertsResponse = z.object({ open: z.array(EtlAlert), recentlyResolved: z.array(EtlAlert) });
export type AlertsResponse = z.infer<typeof AlertsResponse>;
