import 'server-only';
// Reads the recent ETL runs from Firestore for the monitor's table. The figures (counts by state,
// queue depth) come from the admin API's /health only, so the page never derives one from this page.
import type { DocumentData } from 'firebase-admin/firestore';
import { COLLECTIONS, currentProgress, toJson, type AdminRun, type Phase } from '@trustrails/contracts';
import { adminDb } from '@/lib/firebase/admin';
import type { EtlRunView, EtlRunsResponse } from './run-view';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);

/**
 * The monitor's view of a run document: the contracts' one Firestore-to-JSON mapping, read field by
 * field so that a document older or thinner than EtlRunDoc still shows (nothing here throws).
 */
export function toView(id: string, d: DocumentData): EtlRunView {
  const run = toJson(d) as { [K in keyof AdminRun]?: unknown };
  const error = run.lastError && typeof run.lastError === 'object' ? (run.lastError as Record<string, unknown>) : null;
  const reported = run.progress && typeof run.progress === 'object' ? (run.progress as Record<string, unknown>) : null;
  const progress = currentProgress({
    status: String(run.status),
    attempt: num(run.attempt),
    progress:
      reported && typeof reported.attempt === 'number' ? (reported as typeof reported & { attempt: number }) : null,
  });
  return {
    rolloverId: id,
    status: str(run.status) ?? 'UNKNOWN',
    attempt: num(run.attempt),
    claims: num(run.claim, 1),
    transferId: str(run.transferId),
    sourceCustodianId: str(run.sourceCustodianId),
    destinationCustodianId: str(run.destinationCustodianId),
    phaseTimingsMs:
      run.phaseTimingsMs && typeof run.phaseTimingsMs === 'object'
        ? (run.phaseTimingsMs as Record<string, number>)
        : {},
    processingTimeMs: typeof run.processingTimeMs === 'number' ? run.processingTimeMs : null,
    lastError: error
      ? {
          reason: String(error.reason ?? ''),
          missing: Array.isArray(error.missing) ? error.missing.map(String) : [],
          retryable: error.retryable === true,
          phase: str(error.phase),
        }
      : null,
    deadLettered: run.deadLettered === true,
    createdAt: str(run.createdAt),
    updatedAt: str(run.updatedAt),
    finishedAt: str(run.finishedAt),
    // A malformed report (no phase) shows as none, like no report.
    progress:
      progress && typeof progress.phase === 'string'
        ? {
            phase: progress.phase as Phase,
            completedPhases: Array.isArray(progress.completedPhases)
              ? (progress.completedPhases.map(String) as Phase[])
              : [],
            at: str(progress.at),
          }
        : null,
  };
}

export async function recentRuns(limit: number): Promise<EtlRunsResponse> {
  const page = await adminDb().collection(COLLECTIONS.etlRuns).orderBy('createdAt', 'desc').limit(limit).get();
  return { runs: page.docs.map((doc) => toView(doc.id, doc.data())) };
}
