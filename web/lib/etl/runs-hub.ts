import 'server-only';
// ONE Firestore listener per server process on etlRuns changes, fanned out to every admin's run
// stream (the monitor's live state), like the events hub does for the dashboards. It listens to
// the runs updated since it opened (updatedAt only grows), re-anchors once its result set grows
// large so memory stays bounded, and reopens with backoff after an error.
import { Timestamp, type Firestore, type QuerySnapshot } from 'firebase-admin/firestore';
import { adminDb } from '@/lib/firebase/admin';
import { ResilientListener } from '@/lib/stream/resilient-listener';
import type { EtlRunView } from './run-view';
import { toView } from './runs';
import { COLLECTIONS } from '@trustrails/contracts';
import { processSingleton } from '@/lib/process-singleton';

/** One run as it is after a change; the id orders and dedupes changes: `rolloverId@updatedAtMillis`. */
export interface RunChange {
  id: string;
  run: EtlRunView;
}

export const runChangeId = (rolloverId: string, updatedAtMs: number): string => `${rolloverId}@${updatedAtMs}`;

/** The updatedAt a change id carries, or null for an id this stream never sent. */
export function updatedAtOf(id: string): number | null {
  const ms = Number(id.slice(id.lastIndexOf('@') + 1));
  return id.includes('@') && Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

export function toRunChange(id: string, data: FirebaseFirestore.DocumentData): RunChange | null {
  const updatedAt = data.updatedAt instanceof Timestamp ? data.updatedAt.toMillis() : null;
  return updatedAt === null ? null : { id: runChangeId(id, updatedAt), run: toView(id, data) };
}

const REANCHOR_AFTER = 1_000;
const SKEW_MS = 2_000;

export class RunsHub {
  private readonly subscribers = new Set<(change: RunChange) => void>();
  /** Where the first open started, so a re-open before any change was seen misses nothing. */
  private opened: Timestamp | null = null;
  private newest: Timestamp | null = null;
  private readonly sent = new Set<string>();
  private readonly listener: ResilientListener;

  constructor(db: () => Firestore = adminDb) {
    this.listener = new ResilientListener({
      name: 'runs',
      // From the newest change seen (a re-anchor or a re-open after an error), else from the first open.
      query: () =>
        db()
          .collection(COLLECTIONS.etlRuns)
          .where('updatedAt', '>=', this.newest ?? this.opened ?? Timestamp.fromMillis(Date.now() - SKEW_MS))
          .orderBy('updatedAt'),
      onSnapshot: (snapshot) => this.onSnapshot(snapshot),
      wanted: () => this.subscribers.size > 0,
    });
  }

  subscribe(subscriber: (change: RunChange) => void): () => void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) {
      this.opened = Timestamp.fromMillis(Date.now() - SKEW_MS);
      this.listener.open();
    }
    return () => {
      if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
      this.listener.close();
      this.opened = null;
      this.newest = null;
      this.sent.clear();
    };
  }

  /** Firestore listeners this process holds: 0 or 1. */
  listeners(): number {
    return this.listener.listeners();
  }

  private onSnapshot(snapshot: QuerySnapshot): void {
    for (const change of snapshot.docChanges()) {
      if (change.type === 'removed') continue;
      const runChange = toRunChange(change.doc.id, change.doc.data());
      if (!runChange || this.sent.has(runChange.id)) continue;
      this.sent.add(runChange.id);
      if (this.sent.size > REANCHOR_AFTER * 5) this.sent.delete(this.sent.values().next().value as string);
      const updatedAt = change.doc.get('updatedAt') as Timestamp;
      if (!this.newest || updatedAt.toMillis() > this.newest.toMillis()) this.newest = updatedAt;
      for (const subscriber of [...this.subscribers]) subscriber(runChange);
    }
    if (snapshot.size >= REANCHOR_AFTER && this.newest) this.listener.open();
  }
}

/** The process-wide runs hub, shared by every route bundle. */
export const runsHub: () => RunsHub = processSingleton('runs-hub', () => new RunsHub());
