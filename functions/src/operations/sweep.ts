// The sweeper: heals what delivery guarantees alone cannot. It re-enqueues runs whose worker
// died (RUNNING past the lease), runs stuck in PENDING, rollover.completed events whose trigger
// never ran (no run at all), and re-opens ERROR runs whose failure was retryable, with backoff,
// into the bulk lane. It tops that lane up too, which recovers a chain of dispatches that was lost
// (a bulk delivery that died before handing its slot on); runs waiting for a slot are not stuck.
// The run transitions it makes live in etl/run-state. Last, it checks the health thresholds and
// opens or resolves alerts (functions/src/alerts).
import { FieldPath, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, RUN_STATES, RolloverId, type SweepReport } from '@trustrails/contracts';
import { enqueueRollover, liveOf, type EtlQueue } from '../etl/enqueue';
import { markSwept, reopenRetryable, runRef, runsToRedeliver, type ReopenPolicy } from '../etl/run-state';
import { checkAlerts } from '../alerts/check';
import type { AlertThresholds } from '../alerts/evaluate';
import { isPaused } from './control';

export interface SweepOptions {
  now?: Date;
  pendingAfterMs: number;
  lookbackMs: number;
  reopen: ReopenPolicy;
  /** The health thresholds (config.ts); without them the sweep keeps no alerts (tests of healing alone). */
  alerts?: AlertThresholds;
}

export async function sweep(db: Firestore, queue: EtlQueue, options: SweepOptions): Promise<SweepReport> {
  const now = options.now ?? new Date();
  const paused = await isPaused(db);
  const due = await runsToRedeliver(db, now, { pendingAfterMs: options.pendingAfterMs, paused });
  let expiredLeases = 0;
  let stalePending = 0;
  for (const doc of [...due.expired, ...due.stalePending]) {
    const dispatch = await markSwept(doc, now, { pendingAfterMs: options.pendingAfterMs });
    if (!dispatch) continue;
    if (doc.data().status === RUN_STATES.RUNNING) expiredLeases += 1;
    else stalePending += 1;
    await queue.publish(dispatch);
  }

  // Re-opened runs wait in the bulk lane. Paused, the lane is not topped up: resume does that.
  const reopened = await reopenRetryable(db, now, options.reopen);
  const bulkDispatched = paused ? 0 : await queue.topUpBulk();

  const { enqueued: missedTriggers, unsafeIds } = await enqueueMissedTriggers(db, queue, now, options);
  const alerts = options.alerts ? await checkAlerts(db, options.alerts, now) : { opened: [], resolved: [] };
  return {
    expiredLeases,
    stalePending,
    missedTriggers,
    unsafeIds,
    reopened,
    bulkDispatched,
    paused,
    alerts,
  };
}

const SCAN_CURSOR_DOC = `${COLLECTIONS.etlControl}/sweeper`;
const SCAN_BATCH = 500;

/**
 * rollover.completed events that never got a run (their trigger was lost). Scans forward from a
 * cursor kept in Firestore, a bounded batch per sweep, so a sweep costs the same however many
 * completions the lookback window holds; events younger than pendingAfterMs are left to their trigger.
 * A rolloverId that cannot be a document id is counted and passed over, so it never stops the cursor.
 */
async function enqueueMissedTriggers(
  db: Firestore,
  queue: EtlQueue,
  now: Date,
  options: SweepOptions,
): Promise<{ enqueued: number; unsafeIds: number }> {
  const cursorRef = db.doc(SCAN_CURSOR_DOC);
  const cursor = (await cursorRef.get()).data() as { scannedThrough?: Timestamp; lastEventId?: string } | undefined;
  const lookbackStart = Timestamp.fromMillis(now.getTime() - options.lookbackMs);
  let query = db
    .collection(COLLECTIONS.events)
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
    const snaps = await db.getAll(...ids.slice(i, i + 100).map((id) => runRef(db, id)));
    for (const snap of snaps) {
      if (snap.exists) continue;
      // A missed trigger is a live completion: it keeps the live lane.
      await enqueueRollover(db, liveOf(queue), snap.id, firstEventOf.get(snap.id)!);
      enqueued += 1;
    }
  }
  const last = completions.docs.at(-1);
  if (last) await cursorRef.set({ scannedThrough: last.get('timestamp'), lastEventId: last.id }, { merge: true });
  return { enqueued, unsafeIds };
}
