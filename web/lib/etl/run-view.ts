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
  /**
   * A RUNNING run's current phase, as its worker last reported it at a phase boundary (slow runs
   * only, at most once a second); null when the run is not running or has not reported yet.
   */
  progress: { phase: string; completedPhases: string[]; at: string | null } | null;
}

export interface EtlRunsResponse {
  runs: EtlRunView[];
}

// The admin API's answers (health, runs, one run) are typed by packages/contracts (admin-api.ts):
// import them with `import type`, so the browser bundle builds no zod schema (the CSP forbids eval).
