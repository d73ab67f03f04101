// One chunk of a backfill: the next page of rollover.completed events of its range after the job's
// cursor, each distinct rollover put on the bulk queue (or counted as finished or in flight), and
// recorded as a member of the job. Safe to run again after a crash mid-chunk: a member written by
// the failed attempt keeps its outcome, so nothing is queued or counted twice.
import { FieldPath, Timestamp, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, LANES, RolloverId, RUN_STATES } from '@trustrails/contracts';
import { enqueueRollover, liveOf, type EtlQueue } from '../etl/enqueue';
import { reopenForReprocess, reopenForRetry, runRef } from '../etl/run-state';
import {
  memberRef,
  QUEUED,
  SEQ_PER_CHUNK,
  zeroCounts,
  type Counts,
  type JobDoc,
  type MemberDoc,
  type Outcome,
} from './store';

export interface ChunkOptions {
  /** Completion events read per chunk. */
  chunkSize: number;
  /** Rollovers claimed at once within a chunk. */
  parallel: number;
  /** Called after each rollover is recorded; tests abort an invocation here. */
  afterRollover?: (rolloverId: string) => void | Promise<void>;
}

export interface ChunkResult {
  cursor: JobDoc['cursor'];
  counts: Counts;
  queued: number;
  /** The range is read to its end. */
  last: boolean;
  /** Rollover ids this chunk put on the queue, in queue order. */
  queuedIds: string[];
}

/** The page of completion events after the cursor: (timestamp, id) is a total order, so no event is skipped. */
async function nextEvents(db: Firestore, job: JobDoc, chunkSize: number) {
  let query = db
    .collection(COLLECTIONS.events)
    .where('eventType', '==', 'rollover.completed')
    .where('timestamp', '>=', job.from)
    .where('timestamp', '<', job.to)
    .orderBy('timestamp')
    .orderBy(FieldPath.documentId());
  if (job.cursor) query = query.startAfter(job.cursor.timestamp, job.cursor.eventId);
  return query
    .limit(chunkSize)
    .select('rolloverId', 'timestamp', 'eventData.sourceCustodianId', 'eventData.destinationCustodianId')
    .get();
}

async function claimOne(
  db: Firestore,
  queue: EtlQueue,
  rolloverId: string,
  eventId: string,
  includeFinished: boolean,
): Promise<Outcome> {
  const status = (await runRef(db, rolloverId).get()).get('status') as string | undefined;
  if (status === RUN_STATES.FINISHED && includeFinished)
    // Into the bulk queue as its next revision; a run that moved on meanwhile is counted as in flight.
    return (await reopenForReprocess(db, rolloverId))?.done ? 'reprocessed' : 'inFlight';
  if (status === RUN_STATES.FINISHED) return 'alreadyFinished';
  if (status === RUN_STATES.ERROR)
    return (await reopenForRetry(db, rolloverId, 'admin-retry'))?.retried ? 'retried' : 'skipped';
  if (status) return 'inFlight';
  const claim = await enqueueRollover(db, liveOf(queue), rolloverId, eventId, LANES.BULK);
  return claim.publish === null && claim.queued === true ? 'enqueued' : 'inFlight';
}

export async function queueChunk(
  db: Firestore,
  queue: EtlQueue,
  ref: DocumentReference<JobDoc>,
  job: JobDoc,
  options: ChunkOptions,
): Promise<ChunkResult> {
  const page = await nextEvents(db, job, options.chunkSize);
  const firstEventOf = new Map<string, string>();
  let completions = 0;
  for (const doc of page.docs) {
    const data = (doc.get('eventData') ?? {}) as Record<string, unknown>;
    if (
      job.custodianId &&
      data.sourceCustodianId !== job.custodianId &&
      data.destinationCustodianId !== job.custodianId
    )
      continue;
    completions += 1;
    // An id that cannot be a document id was refused (and logged) by the trigger already.
    const id = RolloverId.safeParse(doc.get('rolloverId'));
    if (id.success && !firstEventOf.has(id.data)) firstEventOf.set(id.data, doc.id);
  }
  const ids = [...firstEventOf.keys()];
  const outcomes = new Map<string, Outcome>();
  const members = ids.length ? await db.getAll(...ids.map((id) => memberRef(ref, id))) : [];
  const todo: [string, number][] = [];
  members.forEach((snap, index) => {
    const member = snap.data() as MemberDoc | undefined;
    // A member of an earlier chunk was counted there (a rollover with two completion events).
    if (member && member.chunk !== job.chunks) return;
    if (member) outcomes.set(ids[index]!, member.outcome);
    else todo.push([ids[index]!, index]);
  });
  for (let i = 0; i < todo.length; i += options.parallel) {
    await Promise.all(
      todo.slice(i, i + options.parallel).map(async ([rolloverId, index]) => {
        const outcome = await claimOne(
          db,
          queue,
          rolloverId,
          firstEventOf.get(rolloverId)!,
          job.includeFinished ?? false,
        );
        const member: MemberDoc = { chunk: job.chunks, seq: job.chunks * SEQ_PER_CHUNK + index, outcome };
        await memberRef(ref, rolloverId).set(member);
        outcomes.set(rolloverId, outcome);
        await options.afterRollover?.(rolloverId);
      }),
    );
  }
  const counts = { ...zeroCounts(), completions };
  const queuedIds: string[] = [];
  for (const rolloverId of ids) {
    const outcome = outcomes.get(rolloverId);
    if (!outcome || outcome === 'skipped') continue;
    counts[outcome] += 1;
    if (QUEUED.includes(outcome)) queuedIds.push(rolloverId);
  }
  const lastDoc = page.docs.at(-1);
  return {
    cursor: lastDoc ? { timestamp: lastDoc.get('timestamp') as Timestamp, eventId: lastDoc.id } : job.cursor,
    counts,
    queued: queuedIds.length,
    last: page.size < options.chunkSize,
    queuedIds,
  };
}
