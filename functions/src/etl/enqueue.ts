// Putting a rollover on the ETL queue, shared by the trigger, the sweeper, backfills and retries:
// claim (or re-open) the run in a transaction, then publish one message (live lane) or leave it to
// the bulk lane's dispatcher (run-state/bulk-lane.ts).
import type { Firestore } from 'firebase-admin/firestore';
import { LANES, type EtlMessage, type Lane } from '@trustrails/contracts';
import { claimRun, topUpBulkLane, type ClaimResult, type Dispatch } from './run-state';

export type Publish = (message: EtlMessage) => Promise<void>;

/** Both lanes, as the operations that enqueue see them. */
export interface EtlQueue {
  /** Sends a message on its lane's topic. */
  publish(dispatch: Dispatch): Promise<void>;
  /** Gives free bulk slots to the oldest waiting bulk runs and publishes them; returns how many. */
  topUpBulk(): Promise<number>;
}

/** The queue over the two topics' publishers, with the bulk lane's ETL_BULK_CONCURRENCY. */
export function etlQueue(
  db: Firestore,
  publishOn: (lane: Lane, message: EtlMessage) => Promise<void>,
  bulkConcurrency: number,
): EtlQueue {
  return {
    publish: ({ message, lane }) => publishOn(lane, message),
    topUpBulk: async () => {
      const dispatched = await topUpBulkLane(db, bulkConcurrency);
      for (const { message, lane } of dispatched) await publishOn(lane, message);
      return dispatched.length;
    },
  };
}

/**
 * Live: published now with `publishLive`. Bulk: queued for a slot, nothing published; the caller
 * tops the lane up once it has queued them all.
 */
export async function enqueueRollover(
  db: Firestore,
  publishLive: Publish,
  rolloverId: string,
  eventId: string,
  lane: Lane = LANES.LIVE,
): Promise<ClaimResult> {
  const claim = await claimRun(db, rolloverId, eventId, lane);
  if (claim.publish) await publishLive(claim.publish);
  return claim;
}

/** The live topic's publisher of a queue. */
export const liveOf =
  (queue: EtlQueue): Publish =>
  (message) =>
    queue.publish({ message, lane: LANES.LIVE });
