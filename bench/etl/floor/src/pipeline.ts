// The least a pipeline on these emulators can do per rollover: on rollover.completed, publish one
// message; the worker runs extract's query (one equality filter on rolloverId) and creates the
// etl-completed document. No run claim, lease, warehouse, verification or run bookkeeping.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  ETL_EVENT_SOURCE,
  ETL_SYSTEM_USER,
  EventEnvelope,
  RolloverId,
  etlCompletedEventId,
  parseEventData,
} from '@trustrails/contracts';
import { FLOOR_EVENTS, FLOOR_VERSION } from './names';

const ALREADY_EXISTS = 6;

export async function handleFloorEventCreated(
  publish: (message: { rolloverId: string }) => Promise<void>,
  data: unknown,
): Promise<void> {
  const record = (data ?? {}) as { eventType?: unknown; rolloverId?: unknown };
  if (record.eventType !== 'rollover.completed') return;
  const rolloverId = RolloverId.safeParse(record.rolloverId);
  if (rolloverId.success) await publish({ rolloverId: rolloverId.data });
}

export async function handleFloorMessage(db: Firestore, payload: unknown): Promise<void> {
  // Acknowledged when unusable, as ours does: a redelivery would fail the same way.
  const parsed = RolloverId.safeParse((payload as { rolloverId?: unknown } | undefined)?.rolloverId);
  if (!parsed.success) return;
  const rolloverId = parsed.data;
  const t0 = performance.now();
  // The same query as functions/src/etl/phases/extract.ts, on the floor's collection.
  const snapshot = await db.collection(FLOOR_EVENTS).where('rolloverId', '==', rolloverId).get();
  const extractMs = performance.now() - t0;
  const initiatedDoc = snapshot.docs.find((doc) => doc.get('eventType') === 'rollover.initiated');
  if (!initiatedDoc) throw new Error(`no rollover.initiated for ${rolloverId}`);
  const initiated = parseEventData('rollover.initiated', EventEnvelope.parse(initiatedDoc.data()).eventData);
  const { transferId, sourceCustodianId, destinationCustodianId } = initiated;
  try {
    // create(), not set(): a redelivered message writes nothing twice, as ours writes etl.completed once.
    await db
      .collection(FLOOR_EVENTS)
      .doc(etlCompletedEventId(rolloverId))
      .create({
        eventType: 'etl.completed',
        rolloverId,
        userId: ETL_SYSTEM_USER,
        timestamp: FieldValue.serverTimestamp(),
        // The contract's fields; the floor loads no table and verifies nothing, so those lists are empty.
        eventData: {
          transferId,
          sourceCustodianId,
          destinationCustodianId,
          custodianIds: [...new Set([sourceCustodianId, destinationCustodianId])],
          tablesPopulated: [],
          verificationChecks: [],
          processingTimeMs: Math.round(performance.now() - t0),
          phaseTimingsMs: { extract: Math.round(extractMs) },
          etlVersion: FLOOR_VERSION,
        },
        source: ETL_EVENT_SOURCE,
      });
  } catch (error) {
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
  }
}
