// Freshness as users see it, summarised for the monitor (GET /health) and the freshnessP95 alert:
// the p50 and p95 of the dashboards' samples (streamFreshness, written by the web's beacon route)
// over the last hour, nearest rank, beside the objective.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, FRESHNESS_OBJECTIVE_MS, FRESHNESS_WINDOW_MS, type FreshnessSummary } from '@trustrails/contracts';

/** Enough for a percentile of an hour; the beacon's per-user limit keeps a real hour far below it. */
const MAX_SAMPLES = 5_000;

/** The nearest-rank percentile of ascending values, or null without any. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function freshness(
  db: Firestore,
  now = new Date(),
  objectiveMs = FRESHNESS_OBJECTIVE_MS,
): Promise<FreshnessSummary> {
  const recent = await db
    .collection(COLLECTIONS.streamFreshness)
    .where('recordedAt', '>=', Timestamp.fromMillis(now.getTime() - FRESHNESS_WINDOW_MS))
    .orderBy('recordedAt', 'desc')
    .limit(MAX_SAMPLES)
    .select('totalMs')
    .get();
  const totals = recent.docs
    .map((d) => d.get('totalMs') as unknown)
    .filter((n): n is number => typeof n === 'number')
    .sort((a, b) => a - b);
  return {
    windowMs: FRESHNESS_WINDOW_MS,
    samples: totals.length,
    p50: nearestRank(totals, 50),
    p95: nearestRank(totals, 95),
    objectiveMs,
  };
}
