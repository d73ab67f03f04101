// Putting a rollover on the ETL queue, shared by the trigger, the sweeper, backfills and retries:
// claim (or re-open) the run in a transaction, then publish one message.
import type { Firestore } from 'firebase-admin/firestore';
import type { EtlMessage } from '@trustrails/contracts';
import { claimRun, type ClaimResult } from './run-state';

export type Publish = (message: EtlMessage) => Promise<void>;

export async function enqueueRollover(
  db: Firestore,
  publish: Publish,
  rolloverId: string,
  eventId: string,
): Promise<ClaimResult> {
  const claim = await claimRun(db, rolloverId, eventId);
  if (claim.publish) await publish(claim.publish);
  return claim;
}
