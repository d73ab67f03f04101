// POST /backfill: enqueue every completed rollover of a date range that has not FINISHED (with
// includeFinished, FINISHED ones too, each reprocessed as its next revision), as a resumable job (functions/src/backfill). The request queues chunks for up to its time budget and
// answers with the job's progress; the sweeper queues the rest, and re-aggregates every window of
// the range once the job's runs have settled. A range with nothing to queue is re-aggregated at once.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { BACKFILL_QUEUED_LIST_CAP, type AdminBackfillReport } from '@trustrails/contracts';
import type { Reaggregator } from '@trustrails/warehouse';
import type { EtlQueue } from '../etl/enqueue';
import { advanceBackfill, type AdvanceOptions } from '../backfill/advance';
import { reaggregateRange, refreshSettled } from '../backfill/settle';
import { createJob, getJob, jobRef } from '../backfill/store';

import { continueBackfills } from '../backfill/advance';
import { reaggregateSettledBackfills } from '../backfill/settle';

export { continueBackfills, reaggregateSettledBackfills };
export { recentJobs as recentBackfills } from '../backfill/store';

export interface BackfillInput {
  from: Date;
  to: Date;
  custodianId?: string;
  /** Reprocess the range's FINISHED runs too, instead of counting them as already finished. */
  includeFinished?: boolean;
}

/** The admin API's answer to POST /backfill (packages/contracts admin-api.ts). */
export type BackfillReport = AdminBackfillReport;

/** How long the request itself queues before leaving the rest to the sweeper (the admin function's timeout is 300 s). */
export const REQUEST_BUDGET_MS = 60_000;

export async function backfill(
  db: Firestore,
  warehouse: Reaggregator,
  queue: EtlQueue,
  input: BackfillInput,
  options: Partial<AdvanceOptions> = {},
): Promise<BackfillReport> {
  const ref = await createJob(db, input);
  const advanced = await advanceBackfill(
    db,
    queue,
    ref.id,
    { budgetMs: REQUEST_BUDGET_MS, ...options },
    BACKFILL_QUEUED_LIST_CAP,
  );
  let job = (await getJob(db, ref.id))!;
  let reaggregated: BackfillReport['reaggregated'] = null;
  if (!advanced.queueing && job.queued === 0) {
    // Nothing to wait for: rebuild now, and close the job so no sweep does it again.
    reaggregated = await reaggregateRange(warehouse, input);
    await jobRef(db, ref.id).update({ status: 'DONE', reaggregated, reaggregatedAt: FieldValue.serverTimestamp() });
    job = (await getJob(db, ref.id))!;
  }
  return {
    completions: job.completions,
    alreadyFinished: job.alreadyFinished,
    enqueued: job.enqueued,
    retried: job.retried,
    reprocessed: job.reprocessed,
    inFlight: job.inFlight,
    queued: advanced.queuedIds,
    backfillId: job.queued > 0 || advanced.queueing ? ref.id : null,
    reaggregated,
    job,
  };
}

/** What a sweep spends at most on queueing backfills, so it stays well inside the sweeper's own timeout. */
export const SWEEP_BACKFILL_BUDGET_MS = 60_000;

/**
 * The sweeper's care of backfills: queue more chunks of jobs whose request ran out of time (or
 * died), then re-aggregate the jobs whose runs have all settled.
 */
export async function tendBackfills(
  db: Firestore,
  warehouse: Reaggregator,
  queue: EtlQueue,
  budgetMs = SWEEP_BACKFILL_BUDGET_MS,
): Promise<{ settled: number; rows: number; chunks: number }> {
  const chunks = await continueBackfills(db, queue, { budgetMs });
  return { ...(await reaggregateSettledBackfills(db, warehouse)), chunks };
}

/** One job's progress for GET /backfills/:id, its settled count brought up to date first. */
export async function getBackfill(db: Firestore, backfillId: string) {
  await refreshSettled(db, backfillId);
  return getJob(db, backfillId);
}
