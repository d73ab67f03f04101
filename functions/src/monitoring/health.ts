// The queue's health figures, read-only over the run documents and the freshness samples: GET
// /health shows them and every sweep's alert check compares them with its thresholds. A folder
// below both (alerts/ and operations/), so neither imports the other for them.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { LANES, RUN_STATES, type AdminHealth, type RunState } from '@trustrails/contracts';
import { runsOf } from '../etl/run-state';
import { freshness, nearestRank } from './freshness-query';

/**
 * The monitor's figures, every one counted from the run documents here and nowhere else. PENDING
 * runs are counted by lane: the bulk lane's backlog (a backfill) is expected to be long, the live
 * lane's is not. The oldest pending run is the live lane's, by when it became PENDING. Beside
 * them, freshness as the dashboards saw it (freshness-query.ts), against its objective.
 */
export async function health(db: Firestore, now = new Date(), freshnessObjectiveMs?: number): Promise<AdminHealth> {
  const runs = runsOf(db);
  const states = Object.values(RUN_STATES);
  const pending = runs.where('status', '==', RUN_STATES.PENDING);
  const [counts, bulkPending, oldest, failures, finished, freshnessMs] = await Promise.all([
    Promise.all(states.map(async (state) => (await runs.where('status', '==', state).count().get()).data().count)),
    // Runs from before lanes have no lane field and are live: counted as the rest of PENDING.
    pending.where('lane', '==', LANES.BULK).count().get(),
    pending.where('lane', '==', LANES.LIVE).orderBy('pendingSince', 'asc').limit(1).get(),
    runs
      .where('status', '==', RUN_STATES.ERROR)
      .where('updatedAt', '>=', Timestamp.fromMillis(now.getTime() - 3_600_000))
      .count()
      .get(),
    runs
      .where('status', '==', RUN_STATES.FINISHED)
      .orderBy('finishedAt', 'desc')
      .limit(200)
      .select('processingTimeMs')
      .get(),
    freshness(db, now, freshnessObjectiveMs),
  ]);
  const times = finished.docs
    .map((d) => d.get('processingTimeMs'))
    .filter((n): n is number => typeof n === 'number')
    .sort((a, b) => a - b);
  const oldestSince = oldest.docs[0]?.data().pendingSince;
  const byStatus = Object.fromEntries(states.map((state, i) => [state, counts[i]!])) as Record<RunState, number>;
  const bulk = bulkPending.data().count;
  return {
    queueDepth: byStatus.PENDING + byStatus.RUNNING,
    pending: byStatus.PENDING,
    running: byStatus.RUNNING,
    byStatus,
    pendingByLane: { live: Math.max(0, byStatus.PENDING - bulk), bulk },
    oldestPendingAt: oldestSince ? oldestSince.toDate().toISOString() : null,
    failuresLastHour: failures.data().count,
    processingTimeMs: {
      samples: times.length,
      avg: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : null,
      p95: nearestRank(times, 95),
    },
    freshnessMs,
  };
}
