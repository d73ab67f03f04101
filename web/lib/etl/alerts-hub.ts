import 'server-only';
// ONE Firestore listener per server process on etlAlerts (one small document per condition),
// fanned out to every admin's alert stream. It keeps the alerts as they are now, so a stream that
// joins later gets them at once, and reopens with backoff after an error.
import type { Firestore, QuerySnapshot } from 'firebase-admin/firestore';
import { COLLECTIONS, EtlAlert } from '@trustrails/contracts';
import { adminDb } from '@/lib/firebase/admin';
import { ResilientListener } from '@/lib/stream/resilient-listener';
import { processSingleton } from '@/lib/process-singleton';

/** One alert as it is after a change; the id is `condition@millis of its last change`, plus `#n` for its n-th new occurrence while open. */
export interface AlertChange {
  id: string;
  alert: EtlAlert;
}

const isoOf = (value: unknown): string | null =>
  value && typeof value === 'object' && 'toDate' in value ? (value as { toDate(): Date }).toDate().toISOString() : null;

/** The stored document as the contract's alert, or null for a document that does not fit it. */
export function toAlertChange(data: FirebaseFirestore.DocumentData): AlertChange | null {
  const parsed = EtlAlert.safeParse({
    ...data,
    openedAt: isoOf(data.openedAt),
    resolvedAt: isoOf(data.resolvedAt),
    ...(data.lastOccurrenceAt !== undefined ? { lastOccurrenceAt: isoOf(data.lastOccurrenceAt) } : {}),
  });
  if (!parsed.success) return null;
  const alert = parsed.data;
  // A new occurrence on an open alert is a change of its own, with an id of its own.
  const occurrence = alert.occurrences ? `#${alert.occurrences}` : '';
  return { id: `${alert.condition}@${Date.parse(alert.resolvedAt ?? alert.openedAt)}${occurrence}`, alert };
}

export class AlertsHub {
  private readonly subscribers = new Set<(change: AlertChange) => void>();
  private readonly current = new Map<string, AlertChange>();
  private readonly listener: ResilientListener;

  constructor(db: () => Firestore = adminDb) {
    this.listener = new ResilientListener({
      name: 'alerts',
      query: () => db().collection(COLLECTIONS.etlAlerts),
      onSnapshot: (snapshot) => this.onSnapshot(snapshot),
      wanted: () => this.subscribers.size > 0,
    });
  }

  subscribe(subscriber: (change: AlertChange) => void): () => void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) this.listener.open();
    else for (const change of this.current.values()) subscriber(change);
    return () => {
      if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
      this.listener.close();
      this.current.clear();
    };
  }

  /** Firestore listeners this process holds: 0 or 1. */
  listeners(): number {
    return this.listener.listeners();
  }

  private onSnapshot(snapshot: QuerySnapshot): void {
    for (const change of snapshot.docChanges()) {
      if (change.type === 'removed') continue;
      const alertChange = toAlertChange(change.doc.data());
      if (!alertChange || this.current.get(alertChange.alert.condition)?.id === alertChange.id) continue;
      this.current.set(alertChange.alert.condition, alertChange);
      for (const subscriber of [...this.subscribers]) subscriber(alertChange);
    }
  }
}

/** The process-wide alerts hub, shared by every route bundle. */
export const alertsHub: () => AlertsHub = processSingleton('alerts-hub', () => new AlertsHub());
