import 'server-only';
// Reads recent ETL runs and the queue figures from Firestore for the monitor.
import { RUN_STATES } from '@trustrails/contracts';
import { Timestamp, type DocumentData } from 'firebase-admin/firestore';
import { adminDb } from '../firebase/admin';
import type { EtlRunView, EtlRunsResponse } from './run-view';

const iso = (value: unknown): string | null => (value instanceof Timestamp ? value.toDate().toISOString() : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);

export function toView(id: string, d: DocumentData): EtlRunView {
  const error = d.lastError && typeof d.lastError === 'object' ? d.lastError : null;
  return {
    rolloverId: id,
    status: str(d.status) ?? 'UNKNOWN',
    attempt: num(d.attempt),
    claims: num(d.claim, 1),
    transferId: str(d.transferId),
    sourceCustodianId: str(d.sourceCustodianId),
    destinationCustodianId: str(d.destinationCustodianId),
    phaseTimingsMs: d.phaseTimingsMs && typeof d.phaseTimingsMs === 'object' ? d.phaseTimingsMs : {},
    processingTimeMs: typeof d.processingTimeMs === 'number' ? d.processingTimeMs : null,
    lastError: error
      ? {
          reason: String(error.reason ?? ''),
          missing: Array.isArray(error.missing) ? error.missing.map(String) : [],
          retryable: error.retryable === true,
          phase: str(error.phase),
        }
      : null,
    deadLettered: d.deadLettered === true,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    finishedAt: iso(d.finishedAt),
  };
}

export async function recentRuns(limit: number): Promise<EtlRunsResponse> {
  const runs = adminDb().collection('etlRuns');
  const count = async (status: string) => (await runs.where('status', '==', status).count().get()).data().count;
  const [page, pending, running, error, paused] = await Promise.all([
    runs.orderBy('createdAt', 'desc').limit(limit).get(),
    count(RUN_STATES.PENDING),
    count(RUN_STATES.RUNNING),
    count(RUN_STATES.ERROR),
    count(RUN_STATES.PAUSED),
  ]);
  return { runs: page.docs.map((doc) => toView(doc.id, doc.data())), queue: { pending, running, error, paused } };
}
