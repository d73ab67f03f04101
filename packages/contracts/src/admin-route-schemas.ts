// Each admin route's request and answer schemas, keyed by its name in the vocabulary
// (admin-routes.ts; server side: this module builds zod schemas). The handler parses `params`,
// `query` and `body` with them before the route's handler runs, and its handlers' answers are typed
// by `answer`; the CLI and the tests parse what they read with `answer`. A request part a route
// leaves out is not read (GET routes ignore a body). Every refusal answers AdminError.
import { z } from 'zod';
import {
  AdminBackfillJob,
  AdminBackfillJobs,
  AdminBackfillReport,
  AdminDeadLettersPage,
  AdminEtlControl,
  AdminHealth,
  AdminReaggregationReport,
  AdminRedriveReport,
  AdminRetryAllOutcome,
  AdminRetryOutcome,
  AdminRunControlOutcome,
  AdminRunDetail,
  AdminRunsPage,
  AdminScheduleStatus,
  AdminStatusCounts,
  AdminSweepReport,
} from './admin-api';
import {
  AuditQuery,
  BackfillBody,
  BackfillIdSegment,
  DataQualityQuery,
  EmptyBody,
  ListDeadLettersQuery,
  ListRunsQuery,
  PauseBody,
  ReaggregateBody,
  RedriveBody,
  RetryBody,
  RunIdSegment,
  StatusCountsBody,
} from './admin-requests';
import type { AdminRouteName } from './admin-routes';
import { AlertsResponse } from './alert';
import { AdminAuditPage } from './audit';
import { DataQualityReport } from './data-quality';

export interface AdminRouteSchemas {
  /** One schema per `:name` of the path; each gets the segment still percent-encoded. */
  params?: Record<string, z.ZodType<string, string>>;
  query?: z.ZodType;
  body?: z.ZodType;
  answer: z.ZodType;
}

const runParams = { rolloverId: RunIdSegment };

export const ADMIN_ROUTE_SCHEMAS = {
  listRuns: { query: ListRunsQuery, answer: AdminRunsPage },
  getRun: { params: runParams, answer: AdminRunDetail },
  runAudit: { params: runParams, query: AuditQuery, answer: AdminAuditPage },
  cancelRun: { params: runParams, body: EmptyBody, answer: AdminRunControlOutcome },
  resumeRun: { params: runParams, body: EmptyBody, answer: AdminRunControlOutcome },
  requeueRun: { params: runParams, body: EmptyBody, answer: AdminRunControlOutcome },
  reprocessRun: { params: runParams, body: EmptyBody, answer: AdminRunControlOutcome },
  statusCounts: { body: StatusCountsBody, answer: AdminStatusCounts },
  health: { answer: AdminHealth },
  alerts: { answer: AlertsResponse },
  dataQuality: { query: DataQualityQuery, answer: DataQualityReport },
  schedules: { answer: AdminScheduleStatus },
  // One run's outcome ({rolloverId}) or how many ERROR runs re-opened ({allFailed: true}).
  retry: { body: RetryBody, answer: z.union([AdminRetryOutcome, AdminRetryAllOutcome]) },
  backfill: { body: BackfillBody, answer: AdminBackfillReport },
  listBackfills: { answer: AdminBackfillJobs },
  getBackfill: { params: { backfillId: BackfillIdSegment }, answer: AdminBackfillJob },
  // The whole ETL ({}) or one run ({rolloverId}).
  pause: { body: PauseBody, answer: z.union([AdminRetryOutcome, AdminEtlControl]) },
  resume: { body: EmptyBody, answer: AdminEtlControl },
  sweep: { body: EmptyBody, answer: AdminSweepReport },
  listDeadLetters: { query: ListDeadLettersQuery, answer: AdminDeadLettersPage },
  redrive: { body: RedriveBody, answer: AdminRedriveReport },
  reaggregate: { body: ReaggregateBody, answer: AdminReaggregationReport },
  audit: { query: AuditQuery, answer: AdminAuditPage },
} as const satisfies { [N in AdminRouteName]: AdminRouteSchemas };

type Schemas<N extends AdminRouteName> = (typeof ADMIN_ROUTE_SCHEMAS)[N];
type Part<N extends AdminRouteName, K extends 'query' | 'body'> =
  Schemas<N> extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What a route's handler gets, parsed: its path parameters, query and body. */
export interface AdminRouteInput<N extends AdminRouteName> {
  params: Schemas<N> extends { params: infer P } ? { [K in keyof P]: string } : Record<string, never>;
  query: Part<N, 'query'>;
  body: Part<N, 'body'>;
}

/** What a route answers on success. */
export type AdminRouteAnswer<N extends AdminRouteName> = z.output<Schemas<N>['answer']>;
