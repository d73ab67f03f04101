// Freshness as users see it: how long an etl.completed took from its commit in Firestore to the
// dashboard's cards rendering it, reported by browsers (POST /api/events/freshness) and kept in
// `streamFreshness` (docs/monitoring.md). No zod here: the dashboard's beacon imports this module.

/** Where the dashboard sends its beacon. */
export const FRESHNESS_BEACON_PATH = '/api/events/freshness';

/** The window /etl and the freshnessP95 alert summarise: the last hour. */
export const FRESHNESS_WINDOW_MS = 3_600_000;

/** The objective: p95 commit -> render at most this (ETL_ALERT_FRESHNESS_P95_MS defaults to it). */
export const FRESHNESS_OBJECTIVE_MS = 1_000;

/** Samples keep a day: the window needs an hour, the rest is room to look back at an incident. */
export const FRESHNESS_RETENTION_MS = 86_400_000;

/** Either part longer than this is no freshness sample (a tab asleep, a clock jump): dropped. */
export const FRESHNESS_MAX_PART_MS = 120_000;

/**
 * What the beacon carries: no user, no custodian, no figures; the event's id (the server checks
 * it is an etl.completed the caller may see) and the two halves, each measured on one clock.
 */
export interface FreshnessBeaconBody {
  eventId: string;
  /** The web server's clock: the event's commit time to when the stream sent it (the frame's commitToSendMs). */
  commitToSendMs: number;
  /** The browser's performance.now(): the frame's arrival to the cards rendering the new figures. */
  receiveToRenderMs: number;
}

/** The percentiles of the window, as GET /health sends them (null without samples). */
export interface FreshnessSummary {
  windowMs: number;
  samples: number;
  p50: number | null;
  p95: number | null;
  objectiveMs: number;
}
