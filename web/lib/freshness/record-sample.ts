import 'server-only';
// Stores one freshness sample from a dashboard's beacon in streamFreshness (server-owned; rules deny
// clients), or drops it: the event must be an etl.completed the caller may see (a custodian user
// only its own, an admin any), and the sample cannot be longer than the time since the event's
// commit on the server's clock (a tampered or confused beacon). One sample per user and event: the
// document id is a hash of both, so no user id is stored and a repeat is refused by create().
import { createHash } from 'node:crypto';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, EXPIRE_AT, FRESHNESS_RETENTION_MS, type FreshnessBeacon } from '@trustrails/contracts';
import { canReadCustodian, type Identity } from '@/lib/auth/identity';
import { adminDb } from '@/lib/firebase/admin';

/** Margin between Firestore's commit clock and this server's. */
const CLOCK_MARGIN_MS = 1_000;

export type SampleOutcome = 'recorded' | 'dropped';

export async function recordFreshnessSample(
  identity: Identity,
  beacon: FreshnessBeacon,
  db: Firestore = adminDb(),
  now = Date.now(),
): Promise<SampleOutcome> {
  const event = await db.collection(COLLECTIONS.events).doc(beacon.eventId).get();
  if (!event.exists || event.get('eventType') !== 'etl.completed' || !event.createTime) return 'dropped';
  const data = (event.get('eventData') ?? {}) as Record<string, unknown>;
  const parties = [data.sourceCustodianId, data.destinationCustodianId].filter(
    (custodian): custodian is string => typeof custodian === 'string' && custodian.length > 0,
  );
  if (!parties.some((custodian) => canReadCustodian(identity, custodian))) return 'dropped';
  const totalMs = beacon.commitToSendMs + beacon.receiveToRenderMs;
  if (totalMs > now - event.createTime.toMillis() + CLOCK_MARGIN_MS) return 'dropped';
  const id = createHash('sha256').update(`${identity.uid}\n${beacon.eventId}`).digest('hex').slice(0, 40);
  try {
    await db
      .collection(COLLECTIONS.streamFreshness)
      .doc(id)
      .create({
        eventId: beacon.eventId,
        commitToSendMs: beacon.commitToSendMs,
        receiveToRenderMs: beacon.receiveToRenderMs,
        totalMs,
        recordedAt: Timestamp.fromMillis(now),
        [EXPIRE_AT]: Timestamp.fromMillis(now + FRESHNESS_RETENTION_MS),
      });
    return 'recorded';
  } catch (error) {
    // ALREADY_EXISTS: this user's sample of this event is in.
    if ((error as { code?: unknown }).code === 6) return 'dropped';
    throw error;
  }
}
