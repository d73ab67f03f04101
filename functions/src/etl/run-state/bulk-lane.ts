// The bulk lane's dispatcher. Bulk runs (backfills, retries, redrives, the sweeper's re-openings)
// wait PENDING and undispatched; the lane has ETL_BULK_CONCURRENCY slots, etlBulkSlots/{n}, and a
// run is published on the bulk topic only once it holds one. Bounding the lane here, at the
// producer, is what keeps live latency: the Functions emulator runs every invocation through one
// FIFO queue and ignores maxInstances, and in production Pub/Sub would push a whole backlog at
// the bulk worker's 429s. A slot rather than a count of runs in flight: two dispatchers counting
// at once could both see room, while two filling one slot contend on its document and one re-reads.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, LANES, RUN_STATES, isInFlight, type EtlRunDoc } from '@trustrails/contracts';
import { runRef, runsOf } from './collection';
import { laneOf, type Dispatch } from './claim';

const slotRef = (db: Firestore, slot: number) => db.collection(COLLECTIONS.etlBulkSlots).doc(String(slot));

/** The run still holds slot `slot`: dispatched there and not settled (FINISHED, ERROR, PAUSED). */
const holdsSlot = (run: EtlRunDoc | undefined, slot: number): boolean =>
  run !== undefined &&
  laneOf(run) === LANES.BULK &&
  run.dispatched === true &&
  run.bulkSlot === slot &&
  isInFlight(run.status);

/**
 * Gives slot `slot`, if its run has settled (or it never had one), to the oldest undispatched bulk
 * run, and returns that run's message for the bulk topic; null when the slot is busy or no run waits.
 * One transaction re-reads the slot, its run and the candidate, so a run is dispatched once and a
 * slot holds one run.
 */
export function fillSlot(db: Firestore, slot: number): Promise<Dispatch | null> {
  return db.runTransaction(async (tx) => {
    const ref = slotRef(db, slot);
    const held = (await tx.get(ref)).get('rolloverId') as string | undefined;
    if (held && holdsSlot((await tx.get(runRef(db, held))).data(), slot)) return null;
    const next = await tx.get(
      runsOf(db)
        .where('lane', '==', LANES.BULK)
        .where('dispatched', '==', false)
        .where('status', '==', RUN_STATES.PENDING)
        .orderBy('queuedAt')
        .limit(1),
    );
    const candidate = next.docs[0];
    if (!candidate) return null;
    const run = candidate.data();
    const now = FieldValue.serverTimestamp();
    // updatedAt too: the sweeper counts a dispatched run's wait for its message from here.
    tx.update(candidate.ref, { dispatched: true, bulkSlot: slot, updatedAt: now });
    tx.set(ref, { rolloverId: run.rolloverId, dispatchedAt: now });
    return { message: { rolloverId: run.rolloverId, eventId: run.eventId, attempt: run.claim }, lane: LANES.BULK };
  });
}

/** Fills every free slot below `concurrency`, oldest run first; returns what to publish. */
export async function topUpBulkLane(db: Firestore, concurrency: number): Promise<Dispatch[]> {
  const dispatched: Dispatch[] = [];
  for (let slot = 0; slot < concurrency; slot += 1) {
    const dispatch = await fillSlot(db, slot);
    if (dispatch) dispatched.push(dispatch);
  }
  return dispatched;
}

/**
 * The chain: a bulk delivery that has ended (whatever its outcome) hands its slot on, so the lane
 * moves without polling. A run with no slot of its own (a message that named no run, a run since
 * re-opened) tops the whole lane up instead. A slot at or above `concurrency` (the setting was
 * lowered) is left empty.
 */
export async function passSlotOn(db: Firestore, rolloverId: string | null, concurrency: number): Promise<Dispatch[]> {
  const run = rolloverId ? (await runRef(db, rolloverId).get()).data() : undefined;
  const slot = run?.bulkSlot;
  if (slot === undefined || slot === null) return topUpBulkLane(db, concurrency);
  if (slot >= concurrency) return [];
  const dispatch = await fillSlot(db, slot);
  return dispatch ? [dispatch] : [];
}
