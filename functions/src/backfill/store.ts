// etlBackfills/{backfillId}: one backfill job, its range, where it has read to and what it has
// counted; etlBackfills/{id}/runs/{rolloverId}: the runs it queued, one document each, so a job of
// any size stays far below Firestore's 1 MiB document limit. The one owner of both collections.
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import type { AdminBackfillJob } from '@trustrails/contracts';
import { COLLECTIONS } from '@trustrails/contracts';

export type BackfillStatus = AdminBackfillJob['status'];
export type Outcome = 'alreadyFinished' | 'enqueued' | 'retried' | 'reprocessed' | 'inFlight' | 'skipped';
export const COUNTED: readonly Outcome[] = ['alreadyFinished', 'enqueued', 'retried', 'reprocessed', 'inFlight'];
/** Outcomes that put (or found) the run on the queue: the job waits for these to settle. */
export const QUEUED: readonly Outcome[] = ['enqueued', 'retried', 'reprocessed', 'inFlight'];

export type Counts = Record<
  'completions' | 'alreadyFinished' | 'enqueued' | 'retried' | 'reprocessed' | 'inFlight',
  number
>;
export const zeroCounts = (): Counts => ({
  completions: 0,
  alreadyFinished: 0,
  enqueued: 0,
  retried: 0,
  reprocessed: 0,
  inFlight: 0,
});

export interface JobDoc {
  from: Timestamp;
  to: Timestamp;
  custodianId: string | null;
  /** FINISHED runs of the range are reprocessed as a new revision (absent on jobs from before: false). */
  includeFinished?: boolean;
  status: BackfillStatus;
  /** The last completion event read, in (timestamp, id) order; null before the first chunk. */
  cursor: { timestamp: Timestamp; eventId: string } | null;
  /** Chunks committed: the fence a chunk's commit checks, so a chunk is counted once. */
  chunks: number;
  counts: Counts;
  /** Runs queued (QUEUED outcomes) and, of them, settled so far; `settledThrough` is the last member seq checked. */
  queued: number;
  settled: number;
  settledThrough: number;
  leaseHolder: string | null;
  leaseUntil: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  queueingDoneAt: Timestamp | null;
  reaggregatedAt: Timestamp | null;
  reaggregated: { custodians: number; rows: number } | null;
}

/** A run the job read: its outcome, the chunk that counted it, and its place in queue order. */
export interface MemberDoc {
  chunk: number;
  seq: number;
  outcome: Outcome;
}

/** Members of chunk `chunk` have seq in [chunk * SEQ_PER_CHUNK, (chunk + 1) * SEQ_PER_CHUNK). */
export const SEQ_PER_CHUNK = 1_000_000;

export const jobRef = (db: Firestore, id: string) =>
  db.collection(COLLECTIONS.etlBackfills).doc(id) as DocumentReference<JobDoc>;
export const membersOf = (job: DocumentReference<JobDoc>) => job.collection(COLLECTIONS.backfillRuns);
export const memberRef = (job: DocumentReference<JobDoc>, rolloverId: string) =>
  membersOf(job).doc(rolloverId) as DocumentReference<MemberDoc>;

export async function createJob(
  db: Firestore,
  input: { from: Date; to: Date; custodianId?: string; includeFinished?: boolean },
): Promise<DocumentReference<JobDoc>> {
  const ref = db.collection(COLLECTIONS.etlBackfills).doc() as DocumentReference<JobDoc>;
  const now = FieldValue.serverTimestamp();
  await ref.create({
    from: Timestamp.fromDate(input.from),
    to: Timestamp.fromDate(input.to),
    custodianId: input.custodianId ?? null,
    includeFinished: input.includeFinished ?? false,
    status: 'QUEUEING',
    cursor: null,
    chunks: 0,
    counts: zeroCounts(),
    queued: 0,
    settled: 0,
    settledThrough: -1,
    leaseHolder: null,
    leaseUntil: null,
    createdAt: now as unknown as Timestamp,
    updatedAt: now as unknown as Timestamp,
    queueingDoneAt: null,
    reaggregatedAt: null,
    reaggregated: null,
  });
  return ref;
}

/**
 * Takes the job's queueing lease for `leaseMs` if it is free, expired or already `holder`'s: one
 * invocation queues a job at a time, and one that died (a timeout, a crash) is replaced once its
 * lease runs out. Returns the job as read, or null when someone else holds it or it is not queueing.
 */
export function takeLease(
  ref: DocumentReference<JobDoc>,
  holder: string,
  leaseMs: number,
): Promise<(JobDoc & { id: string }) | null> {
  return ref.firestore.runTransaction(async (tx) => {
    const job = (await tx.get(ref)).data();
    if (!job || job.status !== 'QUEUEING') return null;
    const free = !job.leaseUntil || job.leaseUntil.toMillis() < Date.now() || job.leaseHolder === holder;
    if (!free) return null;
    tx.update(ref, { leaseHolder: holder, leaseUntil: Timestamp.fromMillis(Date.now() + leaseMs) });
    return { ...job, id: ref.id };
  });
}

/**
 * Commits chunk `chunk`: the cursor moves past it and its counts are added, once. False when the
 * chunk was committed already (another invocation took over after this one's lease ran out).
 */
export function commitChunk(
  ref: DocumentReference<JobDoc>,
  chunk: number,
  result: { cursor: JobDoc['cursor']; counts: Counts; queued: number; last: boolean },
  lease: { holder: string; leaseMs: number },
): Promise<boolean> {
  return ref.firestore.runTransaction(async (tx: Transaction) => {
    const job = (await tx.get(ref)).data();
    if (!job || job.status !== 'QUEUEING' || job.chunks !== chunk) return false;
    const now = FieldValue.serverTimestamp();
    const counts = Object.fromEntries(
      Object.entries(result.counts).map(([k, n]) => [`counts.${k}`, FieldValue.increment(n)]),
    );
    tx.update(ref, {
      ...counts,
      cursor: result.cursor ?? job.cursor,
      chunks: chunk + 1,
      queued: FieldValue.increment(result.queued),
      updatedAt: now,
      ...(result.last
        ? { status: 'WAITING', queueingDoneAt: now, leaseHolder: null, leaseUntil: null }
        : { leaseHolder: lease.holder, leaseUntil: Timestamp.fromMillis(Date.now() + lease.leaseMs) }),
    });
    return true;
  });
}

const iso = (t: Timestamp | null | undefined): string | null =>
  t instanceof Timestamp ? t.toDate().toISOString() : null;

/** The job as the admin API answers it. */
export function jobView(id: string, job: JobDoc): AdminBackfillJob {
  return {
    backfillId: id,
    from: job.from.toDate().toISOString(),
    to: job.to.toDate().toISOString(),
    custodianId: job.custodianId,
    includeFinished: job.includeFinished ?? false,
    status: job.status,
    chunks: job.chunks,
    // Jobs written before reprocess existed have no count of it.
    ...zeroCounts(),
    ...job.counts,
    queued: job.queued,
    settled: job.settled,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    queueingDoneAt: iso(job.queueingDoneAt),
    reaggregatedAt: iso(job.reaggregatedAt),
    reaggregated: job.reaggregated,
  };
}

export async function getJob(db: Firestore, id: string): Promise<AdminBackfillJob | null> {
  const snap = await jobRef(db, id).get();
  return snap.exists ? jobView(id, snap.data()!) : null;
}

export async function recentJobs(db: Firestore, limit = 20): Promise<AdminBackfillJob[]> {
  const snap = await db.collection(COLLECTIONS.etlBackfills).orderBy('createdAt', 'desc').limit(limit).get();
  return snap.docs.map((doc) => jobView(doc.id, doc.data() as JobDoc));
}
