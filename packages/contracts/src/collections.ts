// Every Firestore collection, by name, and the one folder that writes it. Code names a collection
// through COLLECTIONS only; tests/repository/firestore.collection-owners.test.ts fails when a
// collection is written outside its owner. No zod here: the browser may import it.

export const COLLECTIONS = Object.freeze({
  /** The rollover events; the ETL adds its own etl.completed and etl.failed (contracts events.ts). */
  events: 'events',
  /** One job document per rollover (etl-run.ts), and its state machine (docs/run-states.md). */
  etlRuns: 'etlRuns',
  /** The bulk lane's dispatch slots, one document each. */
  etlBulkSlots: 'etlBulkSlots',
  /** The ETL's switches: `state` (paused) and `sweeper` (its scan cursor). */
  etlControl: 'etlControl',
  /** Backfill jobs; each has a `runs` subcollection of the runs it queued (backfillRuns). */
  etlBackfills: 'etlBackfills',
  backfillRuns: 'runs',
  /** Each scheduled job's last run (GET /schedules). */
  etlSchedules: 'etlSchedules',
  /** Each custodian's re-aggregation watermark. */
  reaggregationProgress: 'reaggregationProgress',
  /** Dead letters, one per undeliverable message (dead-letter.ts). */
  etlDeadLetters: 'etlDeadLetters',
  /** The audit trail of admin actions (audit.ts). */
  etlAudit: 'etlAudit',
  /** Health alerts, one document per condition (alert.ts). */
  etlAlerts: 'etlAlerts',
  /** The dashboards' freshness samples (freshness.ts). */
  streamFreshness: 'streamFreshness',
  /** Fault injection for tests and benchmarks (functions/src/etl/fault-injection.ts). */
  etlFaults: 'etlFaults',
} as const);
export type CollectionKey = keyof typeof COLLECTIONS;

/** The folder whose code writes each collection (the one writer); everything else only reads it. */
export const COLLECTION_OWNERS: Readonly<Record<CollectionKey, string>> = Object.freeze({
  events: 'functions/src/etl/run-state',
  etlRuns: 'functions/src/etl/run-state',
  etlBulkSlots: 'functions/src/etl/run-state',
  etlControl: 'functions/src/operations',
  etlBackfills: 'functions/src/backfill',
  backfillRuns: 'functions/src/backfill',
  etlSchedules: 'functions/src/operations',
  reaggregationProgress: 'functions/src/operations',
  etlDeadLetters: 'functions/src/dead-letters',
  etlAudit: 'functions/src/audit',
  etlAlerts: 'functions/src/alerts',
  streamFreshness: 'web/lib/freshness',
  etlFaults: 'functions/src/etl',
});
