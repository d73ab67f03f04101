// The alert steps: the sweep's (every condition, after settling dead letters that have nothing
// left to heal) and the re-aggregation job's check on the sweeper itself, which cannot be the
// sweep's own: a sweeper that has stopped never runs its step.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, OPEN_DEAD_LETTER_STATES } from '@trustrails/contracts';
import { lettersOf } from '../dead-letters/resolve';
import { settleOpenLetters } from '../dead-letters/settle';
import { logs } from '../logs';
import { health } from '../monitoring/health';
import { conditionValues, evaluate, type AlertThresholds, type HealthFigures } from './evaluate';
import { applyResults } from './store';

async function sweeperLastSuccessAt(db: Firestore): Promise<string | null> {
  const last = (await db.collection(COLLECTIONS.etlSchedules).doc('sweep').get()).get('lastSuccessAt') as unknown;
  return last instanceof Timestamp ? last.toDate().toISOString() : null;
}

/** Every figure the conditions read, from the run, dead-letter and schedule documents. */
export async function healthFigures(db: Firestore, now: Date): Promise<HealthFigures> {
  const [figures, open, sweptAt] = await Promise.all([
    health(db, now),
    lettersOf(db)
      .where('status', 'in', [...OPEN_DEAD_LETTER_STATES])
      .count()
      .get(),
    sweeperLastSuccessAt(db),
  ]);
  return {
    livePending: figures.pendingByLane.live,
    bulkPending: figures.pendingByLane.bulk,
    oldestLivePendingAt: figures.oldestPendingAt,
    failuresLastHour: figures.failuresLastHour,
    processingTimeMs: figures.processingTimeMs,
    freshnessMs: figures.freshnessMs,
    deadLetters: open.data().count,
    sweeperLastSuccessAt: sweptAt,
  };
}

/**
 * The sweep's step: letters whose run finished or is gone are closed first, so deadLetters counts
 * only letters still open; then each condition with a threshold here is compared and its alert
 * brought in line. The sweeper is completing now, so its own staleness is 0 here.
 */
export async function checkAlerts(db: Firestore, thresholds: Partial<AlertThresholds>, now: Date) {
  await settleOpenLetters(db);
  const figures = { ...(await healthFigures(db, now)), sweeperLastSuccessAt: now.toISOString() };
  // One line per sweep with every figure but its own age: the log-based metrics of ops/monitoring read it.
  const { sweeperStale: _own, ...snapshot } = conditionValues(figures, now);
  logs.healthSnapshot(snapshot);
  return applyResults(db, evaluate(figures, thresholds, now), now);
}

/** The re-aggregation's step: opens sweeperStale when the sweeper has not completed within `thresholdMs`. */
export async function checkSweeper(db: Firestore, thresholdMs: number, now: Date) {
  const last = await sweeperLastSuccessAt(db);
  const value = last ? Math.max(0, now.getTime() - Date.parse(last)) : 0;
  logs.healthSnapshot({ sweeperStale: value });
  return applyResults(
    db,
    [{ condition: 'sweeperStale', value, threshold: thresholdMs, breached: value > thresholdMs }],
    now,
  );
}
