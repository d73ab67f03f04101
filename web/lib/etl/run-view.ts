// The ETL monitor's view of a run (etlRuns/{rolloverId} with Timestamps as ISO strings), shared
// by the /api/etl/runs route and the monitor page.
export interface EtlRunView {
  rolloverId: string;
  status: string;
  attempt: number;
  /** Times the run was enqueued: its first claim plus every re-open (retry, new completion). */
  claims: number;
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
  phaseTimingsMs: Record<string, number>;
  processingTimeMs: number | null;
  lastError: { reason: string; missing: string[]; retryable: boolean; phase: string | null } | null;
  deadLettered: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  finishedAt: string | null;
}

export interface EtlRunsResponse {
  runs: EtlRunView[];
}

/** The admin API's GET /health: every figure counted from the run documents by one query module. */
export interface EtlHealthView {
  queueDepth: number;
  pending: number;
  running: number;
  byStatus: Record<'PENDING' | 'RUNNING' | 'FINISHED' | 'ERROR' | 'PAUSED', number>;
  oldestPendingAt: string | null;
  failuresLastHour: number;
  processingTimeMs: { samples: number; avg: number | null; p95: number | null };
}

/** A run as the admin API's GET /runs lists it (the failed runs). */
export interface AdminRunView {
  id: string;
  status: string;
  attempt: number;
  deadLettered: boolean;
  lastError: { reason: string; missing: string[]; retryable: boolean; phase: string | null } | null;
}
