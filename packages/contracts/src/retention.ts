// Retention: Firestore deletes a document some time (typically within a day, not at once) after the
// timestamp in this field has passed, in every collection group with a TTL policy on it (the
// fieldOverrides of firestore.indexes.json). One field name for all of them, so one policy shape;
// a document without it, or with null in it, is kept. docs/retention.md lists what expires when.
import { COLLECTIONS } from './collections';

export const EXPIRE_AT = 'expireAt' as const;

/**
 * The collection groups with a TTL policy on EXPIRE_AT: etl.failed events, runs, dead letters,
 * backfills and their members, and the dashboard's freshness samples.
 */
export const TTL_COLLECTION_GROUPS = Object.freeze([
  COLLECTIONS.events,
  COLLECTIONS.etlRuns,
  COLLECTIONS.etlDeadLetters,
  COLLECTIONS.etlBackfills,
  COLLECTIONS.backfillRuns,
  COLLECTIONS.streamFreshness,
] as const);
