// The sweeper's alert step: the health figures (from the one query module), the DEAD dead
// letters, the comparison with the thresholds, and the alert documents brought in line with it.
import type { Firestore } from 'firebase-admin/firestore';
import { DEAD_LETTER_STATES, ETL_DEAD_LETTERS } from '@trustrails/contracts';
import { logs } from '../logs';
import { health } from '../operations/runs-query';
import { conditionValues, evaluate, type AlertThresholds } from './evaluate';
import { applyResults } from './store';

export async function checkAlerts(db: Firestore, thresholds: AlertThresholds, now: Date) {
  const [figures, dead] = await Promise.all([
    health(db, now),
    db.collection(ETL_DEAD_LETTERS).where('status', '==', DEAD_LETTER_STATES.DEAD).count().get(),
  ]);
  const all = { ...figures, deadLetters: dead.data().count };
  // One line per sweep with every figure: the log-based metrics of ops/monitoring read it.
  logs.healthSnapshot(conditionValues(all, now));
  return applyResults(db, evaluate(all, thresholds, now), now);
}
