// The run detail as the admin API's GET /runs/:id sends it (functions/src/operations/runs-query.ts),
// for the run page. Timestamps are ISO strings.
import type { EtlRunView } from './run-view';

/** The admin API's actions on one run (docs/run-states.md). */
export type RunAction = 'retry' | 'pause' | 'cancel' | 'resume' | 'requeue';

export interface RunEventView {
  id: string;
  eventType: string;
  at: string;
  data: Record<string, unknown>;
}

export interface RunFailureView {
  id: string;
  at: string;
  reason?: string;
  missing?: string[];
  retryable?: boolean;
  phase?: string | null;
  attempt?: number;
}

export interface RunDetailView {
  id: string;
  status: string;
  claim: number;
  attempt: number;
  attemptBase: number;
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
  phaseTimingsMs: Record<string, number>;
  phaseRetries: Record<string, number>;
  processingTimeMs: number | null;
  lastError: (NonNullable<EtlRunView['lastError']> & { at: string }) | null;
  deadLettered: boolean;
  deadLetterIds?: string[];
  autoReopenings?: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  allowedActions: RunAction[];
  cancelRequested?: boolean;
  checkpoint?: { phase: string | null; at: string } | null;
  events: RunEventView[];
  completion: ({ id: string; at: string } & Record<string, unknown>) | null;
  failures: RunFailureView[];
}
