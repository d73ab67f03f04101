import 'server-only';
// Who the parties of a rollover are, from its ETL run document or its own lifecycle events.
// etl.failed carries no custodians, and the rollover stream must check party membership.
import { adminDb } from '@/lib/firebase/admin';
import type { Parties } from './stream-event';
import { COLLECTIONS } from '@trustrails/contracts';

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

export async function partiesOf(rolloverId: string): Promise<Parties | null> {
  const db = adminDb();
  const run = await db.collection(COLLECTIONS.etlRuns).doc(rolloverId).get();
  if (run.exists && str(run.get('sourceCustodianId'))) {
    return {
      transferId: str(run.get('transferId')),
      sourceCustodianId: str(run.get('sourceCustodianId')),
      destinationCustodianId: str(run.get('destinationCustodianId')),
    };
  }
  const events = await db
    .collection(COLLECTIONS.events)
    .where('rolloverId', '==', rolloverId)
    .where('eventType', 'in', ['rollover.initiated', 'rollover.completed'])
    .limit(2)
    .get();
  for (const doc of events.docs) {
    const data = (doc.get('eventData') ?? {}) as Record<string, unknown>;
    if (str(data.sourceCustodianId)) {
      return {
        transferId: str(data.transferId),
        sourceCustodianId: str(data.sourceCustodianId),
        destinationCustodianId: str(data.destinationCustodianId),
      };
    }
  }
  return null;
}
