// The sweeper: heals what delivery guarantees alone cannot. It re-enqueues runs whose worker
// died (RUNNING past the lease), runs stuck in PENDING, and rollover.completed events whose
// trigger never ran (no run at all).
import { FieldPath, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { RUN_STATES, RolloverId } from '@trustrails/contracts';
import { enqueueRollover, type Publish } from '../etl/enqueue';
import { RUNS } from '../etl/run-state';
import { isPaused } from './control';

export interface SweepOptions {
  now?: Date;
  pendingAfterMs: number;
  lookbackMs: number;
}

export interface SweepReport {
  expiredLeases: number;
  stalePending: number;
  missedTriggers: number;
  /** Completions passed over because their rolloverId cannot be a document id (the trigger logged each). */
  unsafeIds: number;
  paused: boolean;
}

export async function sweep(db: Firestore, publish: Publish, options: SweepOptions): Promise<SweepReport> {
  const now = options.now ?? new Date();
  const paused = await isPaused(db);
  const runs = db.collection(RUNS);
  // A run re-enqueued by a recent sweep is left alone until its message has had time to arrive:
  // under a backlog, re-publishing every waiting run on every tick would only deepen the backlog.
  const recentlySwept = (doc: FirebaseFirestore.QueryDocumentSnapshot) =>
    ((doc.get('sweptAt') as Timestamp | undefined)?.toMillis() ?? 0) > now.getTime() - options.pendingAfterMs;
  const republish = async (docs: FirebaseFirestore.QueryDocumentSnapshot[]): Promise<number> => {
    const due = docs.filter((doc) => !recentlySwept(doc));
    for (const doc of due) {
      await publish({ rolloverId: doc.id, eventId: doc.get('eventId'), attempt: doc.get('claim') });
      await doc.ref.update({ sweptAt: Timestamp.fromDate(now) });
    }
    return due.length;
  };

  const expired = await runs
    .where('status', '==', RUN_STATES.RUNNING)
    .where('leaseExpiresAt', '<', Timestamp.fromDate(now))
    .get();
  const expiredLeases = await republish(expired.docs);

  let stalePending = 0;
  if (!paused) {
    const pending = await runs
      .where('status', '==', RUN_STATES.PENDING)
      .where('updatedAt', '<', Timestamp.fromMillis(now.getTime() - options.pendingAfterMs))
      .get();
    stalePending = await republish(pending.docs);
  }

  const { enqueued: missedTriggers, unsafeIds } = await enqueueMissedTriggers(db, publish, now, options);
  return { expiredLeases, stalePending, missedTriggers, unsafeIds, paused };
}

const SCAN_CURSOR_DOC = 'etlControl/sweeper';
const SCAN_BATCH = 500;

/**
 * rollover.completed events that never got a run (their trigger was lost). Scans forward from a
 * cursor kept in Firestore, a bounded batch per sweep, so a sweep costs the same however many
 * completions the lookback window holds; events younger than pendingAfterMs are left to their trigger.
 * A rolloverId that cannot be a document id is counted and passed over, so it never stops the cursor.
 */
async function enqueueMissedTriggers(
  db: Firestore,
  publish: Publish,
  now: Date,
  options: SweepOptions,
): Promise<{ enqueued: number; unsafeIds: number }> {
  const cursorRef = db.doc(SCAN_CURSOR_DOC);
  const cursor = (await cursorRef.get()).data() as { scannedThrough?: Timestamp; lastEventId?: string } | undefined;
  const lookbackStart = Timestamp.fromMillis(now.getTime() - options.lookbackMs);
  let query = db
    .collection('events')
    .where('eventType', '==', 'rollover.completed')
    .where('timestamp', '>=', lookbackStart)
    .where('timestamp', '<=', Timestamp.fromMillis(now.getTime() - options.pendingAfterMs))
    .orderBy('timestamp')
    .orderBy(FieldPath.documentId());
  // (timestamp, id) is a total order, so batch boundaries never skip events that share a timestamp.
  if (cursor?.scannedThrough && cursor.lastEventId && cursor.scannedThrough.toMillis() >= lookbackStart.toMillis()) {
    query = query.startAfter(cursor.scannedThrough, cursor.lastEventId);
  }
  const completions = await query.limit(SCAN_BATCH).select('rolloverId', 'timestamp').get();
  const firstEventOf = new Map<string, string>();
  let unsafeIds = 0;
  for (const doc of completions.docs) {
    const rolloverId = RolloverId.safeParse(doc.get('rolloverId'));
    if (!rolloverId.success) unsafeIds += 1;
    else if (!firstEventOf.has(rolloverId.data)) firstEventOf.set(rolloverId.data, doc.id);
  }
  let enqueued = 0;
  const ids = [...firstEventOf.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const snaps = await db.getAll(...ids.slice(i, i + 100).map((id) => db.collection(RUNS).doc(id)));
    for (const snap of snaps) {
      if (snap.exists) continue;
      await enqueueRollover(db, publish, snap.id, firstEventOf.get(snap.id)!);
      enqueued += 1;
    }
  }
  const last = completions.docs.at(-1);
  if (last) await cursorRef.set({ scannedThrough: last.get('timestamp'), lastEventId: last.id }, { merge: true });
  return { enqueued, unsafeIds };
}
