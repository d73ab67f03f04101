// A stand-in for Firestore's query listener, for the hub tests: it records each onSnapshot with the
// timestamp it started at, and lets a test deliver snapshots and listener errors at will. A mock,
// because the emulator cannot be made to fail one listener on cue.
import { Timestamp } from 'firebase-admin/firestore';

export interface FakeListener {
  start: Timestamp;
  next: (snapshot: unknown) => void;
  error: (error: Error) => void;
  closed: boolean;
}

export class FakeFirestore {
  listeners: FakeListener[] = [];
  collection() {
    let start: Timestamp;
    const query = {
      where: () => query,
      orderBy: () => query,
      startAt: (ts: Timestamp) => ((start = ts), query),
      onSnapshot: (next: FakeListener['next'], error: FakeListener['error']) => {
        const listener: FakeListener = { start, next, error, closed: false };
        this.listeners.push(listener);
        return () => (listener.closed = true);
      },
    };
    return query;
  }
  open() {
    return this.listeners.filter((l) => !l.closed);
  }
}

/** A document as a snapshot change delivers it; Firestore's commit (createTime) is `committedMs`, by default its timestamp. */
export const doc = (id: string, ms: number, eventType = 'etl.completed', committedMs = ms) => ({
  type: 'added',
  doc: {
    id,
    createTime: Timestamp.fromMillis(committedMs),
    data: () => ({
      eventType,
      rolloverId: `r-${id}`,
      timestamp: Timestamp.fromMillis(ms),
      eventData: { transferId: `t-${id}`, sourceCustodianId: 'a', destinationCustodianId: 'b' },
    }),
  },
});
export const snapshot = (...changes: ReturnType<typeof doc>[]) => ({ docChanges: () => changes, size: changes.length });
export const flush = () => new Promise((resolve) => setImmediate(resolve));
