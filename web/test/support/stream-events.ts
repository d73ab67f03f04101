// Test helper: writes the streamed event documents (rollover.completed, etl.completed, etl.failed)
// straight into Firestore, as the platform and the ETL would.
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';

export interface Rollover {
  rolloverId: string;
  source: string;
  destination: string;
}

const at = (timestamp?: Date) => (timestamp ? Timestamp.fromDate(timestamp) : FieldValue.serverTimestamp());

export async function writeCompleted(db: Firestore, r: Rollover, timestamp?: Date): Promise<string> {
  const id = `${r.rolloverId}-completed`;
  await db
    .collection('events')
    .doc(id)
    .create({
      eventType: 'rollover.completed',
      rolloverId: r.rolloverId,
      userId: 'platform-user',
      timestamp: at(timestamp),
      eventData: {
        transferId: `tr-${r.rolloverId}`,
        sourceCustodianId: r.source,
        destinationCustodianId: r.destination,
        amountCents: 12_345,
      },
      source: 'rollover-platform',
    });
  return id;
}

export async function writeEtlCompleted(db: Firestore, r: Rollover, timestamp?: Date): Promise<string> {
  const id = `etl-completed-${r.rolloverId}`;
  await db
    .collection('events')
    .doc(id)
    .create({
      eventType: 'etl.completed',
      rolloverId: r.rolloverId,
      userId: 'system-etl',
      timestamp: at(timestamp),
      eventData: {
        transferId: `tr-${r.rolloverId}`,
        sourceCustodianId: r.source,
        destinationCustodianId: r.destination,
        tablesPopulated: ['transfers', 'analytics_time_series'],
        processingTimeMs: 42,
        phaseTimingsMs: { extract: 10, verify: 5 },
        etlVersion: 'test',
      },
      source: 'master-etl-orchestrator',
    });
  return id;
}

export async function writeEtlFailed(db: Firestore, rolloverId: string, attempt = 1): Promise<string> {
  const id = `etl-failed-${rolloverId}-test-${attempt}`;
  await db
    .collection('events')
    .doc(id)
    .create({
      eventType: 'etl.failed',
      rolloverId,
      userId: 'system-etl',
      timestamp: FieldValue.serverTimestamp(),
      eventData: { reason: 'test failure', missing: ['rollover.initiated'], retryable: false, attempt },
      source: 'master-etl-orchestrator',
    });
  return id;
}
