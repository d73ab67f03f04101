// Retention settings (docs/retention.md), part of the functions' run-time settings: config.ts
// re-exports them and checks them against the sweeper's look-back.
import { intSetting } from './setting-readers';

// Retention (docs/retention.md): how long a document stays after it became expirable, in days.
// The code writes the moment it may go as its expireAt; Firestore's TTL policies delete it after that.
export const retentionFailedEventsDays = intSetting({
  name: 'ETL_RETENTION_FAILED_EVENTS_DAYS',
  description:
    "Days an etl.failed event (one per failed attempt) is kept after it was written; the run keeps its lastError, and the data-quality route's failures by reason count only the events still kept.",
  default: 30,
  min: 1,
  max: 3_650,
});

export const retentionResolvedLettersDays = intSetting({
  name: 'ETL_RETENTION_RESOLVED_LETTERS_DAYS',
  description: 'Days a dead letter is kept after it was RESOLVED; open letters (DEAD, REDRIVEN) are never deleted.',
  default: 30,
  min: 1,
  max: 3_650,
});

export const retentionBackfillsDays = intSetting({
  name: 'ETL_RETENTION_BACKFILLS_DAYS',
  description:
    'Days a backfill job record is kept after it was DONE (re-aggregated); each of its member records, from when the job counted it as settled.',
  default: 30,
  min: 1,
  max: 3_650,
});

export const retentionRunsDays = intSetting({
  name: 'ETL_RETENTION_RUNS_DAYS',
  description:
    'Days a FINISHED run document is kept after it finished; a re-opened run is kept again, and ERROR or PAUSED runs are never deleted. It must be longer than ETL_SWEEP_LOOKBACK_HOURS, or the sweeper would find the run gone and process the rollover again.',
  default: 90,
  min: 1,
  max: 3_650,
});
/** Days each kind of expirable document is kept (functions/src/retention.ts writes its expireAt). */
export const retentionDays = {
  failedEvent: retentionFailedEventsDays,
  resolvedLetter: retentionResolvedLettersDays,
  backfill: retentionBackfillsDays,
  run: retentionRunsDays,
};
