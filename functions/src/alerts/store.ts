// The one owner of `etlAlerts/{condition}`: opens an alert when its condition breaches, resolves it
// when the figure is back under, and leaves it as it is otherwise, each in a transaction that
// re-reads the document, so two sweeps at once cannot open one alert twice. A new occurrence while
// an alert is open (a dead letter on top of those that opened it) is counted on it, so the banner
// and the log announce it instead of an unchanged alert swallowing it.
import { Timestamp, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS, ALERT_STATES, type AlertCondition, type EtlAlert } from '@trustrails/contracts';
import { logs } from '../logs';
import type { ConditionResult } from './evaluate';

interface AlertDoc {
  condition: AlertCondition;
  state: 'open' | 'resolved';
  value: number;
  threshold: number;
  openedAt: Timestamp;
  resolvedAt: Timestamp | null;
  /** New occurrences announced since it opened, and the last one's time (absent on older documents). */
  occurrences?: number;
  lastOccurrenceAt?: Timestamp | null;
}

const alertsOf = (db: Firestore) => db.collection(COLLECTIONS.etlAlerts);

export type AlertChange = 'opened' | 'resolved' | 'unchanged';

export function applyResult(db: Firestore, result: ConditionResult, now: Date): Promise<AlertChange> {
  const ref = alertsOf(db).doc(result.condition);
  return db.runTransaction(async (tx) => {
    const current = (await tx.get(ref)).data() as AlertDoc | undefined;
    const open = current?.state === ALERT_STATES.OPEN;
    if (result.breached === open) return 'unchanged';
    const at = Timestamp.fromDate(now);
    const next: AlertDoc = result.breached
      ? {
          condition: result.condition,
          state: 'open',
          value: result.value,
          threshold: result.threshold,
          openedAt: at,
          resolvedAt: null,
          occurrences: 0,
          lastOccurrenceAt: null,
        }
      : { ...current!, state: 'resolved', value: result.value, threshold: result.threshold, resolvedAt: at };
    tx.set(ref, next);
    return result.breached ? 'opened' : 'resolved';
  });
}

/** Applies every condition's result; logs each alert that opened or resolved. */
export async function applyResults(
  db: Firestore,
  results: ConditionResult[],
  now: Date,
): Promise<{ opened: AlertCondition[]; resolved: AlertCondition[] }> {
  const opened: AlertCondition[] = [];
  const resolved: AlertCondition[] = [];
  for (const result of results) {
    const change = await applyResult(db, result, now);
    const fields = { condition: result.condition, value: result.value, threshold: result.threshold };
    if (change === 'opened') {
      opened.push(result.condition);
      logs.alertOpened(fields);
    } else if (change === 'resolved') {
      resolved.push(result.condition);
      logs.alertResolved(fields);
    }
  }
  return { opened, resolved };
}

/** An alert read inside a transaction, for noteOccurrence: read it before the transaction writes. */
export interface AlertInTransaction {
  ref: DocumentReference;
  doc: AlertDoc | undefined;
}

export async function readAlert(tx: Transaction, db: Firestore, condition: AlertCondition) {
  const ref = alertsOf(db).doc(condition);
  return { ref, doc: (await tx.get(ref)).data() as AlertDoc | undefined } satisfies AlertInTransaction;
}

/**
 * Counts a new occurrence on the alert if it is open, in the caller's transaction; returns the new
 * count for the caller to log once the transaction commits, or null when the alert is not open
 * (the next sweep opens it, which is its announcement).
 */
export function noteOccurrence(tx: Transaction, alert: AlertInTransaction): number | null {
  if (alert.doc?.state !== ALERT_STATES.OPEN) return null;
  const occurrences = (alert.doc.occurrences ?? 0) + 1;
  tx.update(alert.ref, { occurrences, lastOccurrenceAt: Timestamp.now() });
  return occurrences;
}

export const toAlert = (doc: AlertDoc): EtlAlert => ({
  condition: doc.condition,
  state: doc.state,
  value: doc.value,
  threshold: doc.threshold,
  openedAt: doc.openedAt.toDate().toISOString(),
  resolvedAt: doc.resolvedAt ? doc.resolvedAt.toDate().toISOString() : null,
  ...(doc.occurrences !== undefined ? { occurrences: doc.occurrences } : {}),
  ...(doc.lastOccurrenceAt !== undefined
    ? { lastOccurrenceAt: doc.lastOccurrenceAt ? doc.lastOccurrenceAt.toDate().toISOString() : null }
    : {}),
});

/** Open alerts, and those resolved within `recentMs`, newest first (at most one per condition). */
export async function listAlerts(db: Firestore, now = new Date(), recentMs = 24 * 3_600_000) {
  const docs = (await alertsOf(db).get()).docs.map((d) => d.data() as AlertDoc);
  const newest = (a: EtlAlert, b: EtlAlert) => (b.resolvedAt ?? b.openedAt).localeCompare(a.resolvedAt ?? a.openedAt);
  const alerts = docs.map(toAlert);
  return {
    open: alerts.filter((a) => a.state === ALERT_STATES.OPEN).sort(newest),
    recentlyResolved: alerts
      .filter((a) => a.state === ALERT_STATES.RESOLVED && Date.parse(a.resolvedAt!) >= now.getTime() - recentMs)
      .sort(newest),
  };
}
