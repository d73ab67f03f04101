// The worker's test hook (functions/src/etl/fault-injection.ts) seen from a test: hold a run before
// a phase, and know when the hold has begun. A test that acts "while the run is RUNNING" waits for
// the hold to fire first, so its action lands inside the hold however slow the machine is, instead
// of racing a fixed window from the moment the run turned RUNNING.
import { db } from './firebase';
import { waitFor } from './wait';

const faultOf = (rolloverId: string) => db().collection('etlFaults').doc(rolloverId);

/** Before `phase`, the worker waits `ms` once. */
export const holdBeforePhase = (rolloverId: string, phase: string, ms: number) =>
  faultOf(rolloverId).set({ phase, mode: 'delay', ms, remaining: 1, fired: 0 });

/** Resolves once the worker has begun the hold: the run is RUNNING and waits before its phase. */
export const waitForHold = (rolloverId: string, timeoutMs = 60_000) =>
  waitFor(
    `the worker to begin the hold of ${rolloverId}`,
    async () => ((await faultOf(rolloverId).get()).get('fired') === 1 ? true : undefined),
    { timeoutMs, intervalMs: 100 },
  );
