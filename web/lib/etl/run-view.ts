// The ETL monitor's view of a run, shared by the /api/etl/runs route, the run stream and the
// monitor page: the admin API's run (contracts' AdminRun, itself EtlRunDoc with ISO instants)
// narrowed to what the table shows. Types only, so the browser builds no schema.
import type { AdminRun } from '@trustrails/contracts';

type Shown =
  | 'rolloverId'
  | 'attempt'
  | 'transferId'
  | 'sourceCustodianId'
  | 'destinationCustodianId'
  | 'phaseTimingsMs'
  | 'processingTimeMs'
  | 'deadLettered';
type Progress = NonNullable<AdminRun['progress']>;

export type EtlRunView = Pick<AdminRun, Shown> & {
  /** The run's state; 'UNKNOWN' for a document without one. */
  status: string;
  /** Times the run was enqueued: its first claim (AdminRun's `claim`) plus every re-open (retry, new completion). */
  claims: number;
  lastError: Omit<NonNullable<AdminRun['lastError']>, 'at'> | null;
  /** Null where the document has no such instant. */
  createdAt: string | null;
  updatedAt: string | null;
  finishedAt: string | null;
  /**
   * A RUNNING run's current phase, as its worker last reported it at a phase boundary (slow runs
   * only, at most once a second); null when the run is not running or has not reported yet
   * (contracts' currentProgress).
   */
  progress: (Pick<Progress, 'phase' | 'completedPhases'> & { at: string | null }) | null;
};

export interface EtlRunsResponse {
  runs: EtlRunView[];
}

// The admin API's answers (health, runs, one run) are typed by packages/contracts (admin-api.ts):
// import them with `import type`, so the browser bundle builds no zod schema (the CSP forbids eval).
