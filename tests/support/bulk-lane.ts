// Watching the ETL's bulk lane with a Firestore listener, and preparing backfills: completed
// rollovers in the past whose runs do not exist yet.
import { rollover, writeLifecycle } from './rollover';
import { db, uniqueId } from './firebase';
import { withoutTriggers } from './triggers';

export interface LaneWatch {
  /** Most bulk runs holding a slot at once: dispatched, and PENDING or RUNNING. */
  maxInFlight(): number;
  /** Most of `own` RUNNING at once without a slot (a flood that bypassed the dispatcher). */
  maxUndispatchedRunning(): number;
  stop(): void;
}

/**
 * Follows every bulk run in the emulator, since the bound is the lane's whoever's runs hold it;
 * undispatched runs are counted only among `own`, the test's runs.
 */
export function watchBulkLane(own: readonly string[]): LaneWatch {
  const mine = new Set(own);
  let inFlight = 0;
  let undispatched = 0;
  const stop = db()
    .collection('etlRuns')
    .where('lane', '==', 'bulk')
    .onSnapshot((snap) => {
      let now = 0;
      let loose = 0;
      for (const doc of snap.docs) {
        const { status, dispatched } = doc.data();
        const active = status === 'RUNNING' || status === 'PENDING';
        if (active && dispatched === true) now += 1;
        if (status === 'RUNNING' && dispatched !== true && mine.has(doc.id)) loose += 1;
      }
      inFlight = Math.max(inFlight, now);
      undispatched = Math.max(undispatched, loose);
    });
  return { maxInFlight: () => inFlight, maxUndispatchedRunning: () => undispatched, stop };
}

/**
 * `count` completed rollovers of one source custodian on `day`, written with the triggers off, so
 * they have events and no run: a backfill's work. Returns the custodian and the rollover ids.
 */
export async function completedWithoutRuns(
  count: number,
  day: Date,
  prefix = 'bulk',
): Promise<{ custodianId: string; rolloverIds: string[] }> {
  const custodianId = uniqueId(`${prefix}-src`);
  const ends = { sourceCustodianId: custodianId, destinationCustodianId: uniqueId(`${prefix}-dst`) };
  const rollovers = Array.from({ length: count }, (_, i) => {
    const completedAt = new Date(day.getTime() + i * 1_000);
    return rollover({ prefix, ...ends, amountCents: 10_000 + i, completedAt, durationMs: 3_600_000 });
  });
  await withoutTriggers(async () => {
    // A batch holds at most 500 writes: 100 rollovers of four events each.
    for (let i = 0; i < rollovers.length; i += 100) await writeLifecycle(rollovers.slice(i, i + 100));
  });
  return { custodianId, rolloverIds: rollovers.map((r) => r.rolloverId) };
}
