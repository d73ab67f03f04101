import 'server-only';
// Reads the recent ETL runs from Firestore for the monitor's table. The figures (counts by state,
// queue depth) come from the admin API's /health only, so the page never derives one from this page.
import { Timestamp, type DocumentData } from 'firebase-admin/firestore';
import { adminDb } from '@/lib/firebase/admin';
import type { EtlRunView, EtlRunsResponse } from './run-view';

const iso = (value: unknown): string | null => (value instanceof Timestamp ? value.toDate().toISOString() : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);

/** The progress of the attempt now running; a finished run, or an older attempt's report, has none. */
function progressOf(d: DocumentData): EtlRunView['progress'] {
  const p = d.progress && typeof d.progress === 'object' ? d.progress : null;
  if (d.status !== 'RUNNING' || !p || p.attempt !== d.attempt || typeof p.phase !== 'string') return null;
  return {
    phase: p.phase,
    completedPhases: Array.isArray(p.completedPhases) ? p.completedPhases.map(String) : [],
    at: iso(p.at),
  };
}

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
    progress: progressOf(d),
  };
}

export async function recentRuns(limit: number): Promise<EtlRunsResponse> {
  const page = await adminDb().collection('etlRuns').orderBy('createdAt', 'desc').limit(limit).get();
  return { runs: page.docs.map((doc) => toView(doc.id, doc.data())) };
}
