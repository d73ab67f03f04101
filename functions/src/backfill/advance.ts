// Moving backfill jobs on: an invocation (the POST /backfill request, then each sweep) takes a
// job's lease and queues chunks until its time budget is spent, committing the cursor after each
// chunk. A timeout or a crash loses at most the chunk in hand, which the next holder redoes.
import { randomUUID } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import type { EtlQueue } from '../etl/enqueue';
import { queueChunk, type ChunkOptions } from './queue-chunk';
import { commitChunk, jobRef, takeLease } from './store';
import { COLLECTIONS } from '@trustrails/contracts';

export interface AdvanceOptions extends Partial<ChunkOptions> {
  /** Stop starting chunks after this long (a chunk in hand is finished). */
  budgetMs: number;
  /** How long a holder keeps the job; longer than one chunk takes, shorter than a sweep interval. */
  leaseMs?: number;
  /** Who holds the lease: one id per invocation. */
  holder?: string;
}

export const CHUNK_SIZE = 500;
const PARALLEL = 8;
const LEASE_MS = 120_000;

export interface Advanced {
  chunks: number;
  /** The first `listCap` rollover ids queued by this invocation. */
  queuedIds: string[];
  /** Still QUEUEING when the budget ran out, or left to another holder. */
  queueing: boolean;
}

/** Queues chunks of one job until its range is read or the budget is spent. */
export async function advanceBackfill(
  db: Firestore,
  queue: EtlQueue,
  backfillId: string,
  options: AdvanceOptions,
  listCap = 0,
): Promise<Advanced> {
  const deadline = Date.now() + options.budgetMs;
  const holder = options.holder ?? randomUUID();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const chunkOptions: ChunkOptions = {
    chunkSize: options.chunkSize ?? CHUNK_SIZE,
    parallel: options.parallel ?? PARALLEL,
    ...(options.afterRollover ? { afterRollover: options.afterRollover } : {}),
  };
  const ref = jobRef(db, backfillId);
  const advanced: Advanced = { chunks: 0, queuedIds: [], queueing: true };
  while (Date.now() < deadline) {
    const job = await takeLease(ref, holder, leaseMs);
    if (!job) return { ...advanced, queueing: (await ref.get()).get('status') === 'QUEUEING' };
    const result = await queueChunk(db, queue, ref, job, chunkOptions);
    const committed = await commitChunk(ref, job.chunks, result, { holder, leaseMs });
    if (!committed) continue;
    advanced.chunks += 1;
    advanced.queuedIds.push(...result.queuedIds.slice(0, Math.max(0, listCap - advanced.queuedIds.length)));
    // Each chunk's runs join the lane at once, oldest first; the lane's chain takes it from there.
    if (result.queued > 0) await queue.topUpBulk();
    if (result.last) return { ...advanced, queueing: false };
  }
  return advanced;
}

/**
 * The sweeper's part: moves on every job still QUEUEING whose lease is free (its request timed
 * out, or its holder died), oldest first, within one shared budget. Returns the chunks queued.
 */
export async function continueBackfills(
  db: Firestore,
  queue: EtlQueue,
  options: AdvanceOptions,
  limit = 5,
): Promise<number> {
  const deadline = Date.now() + options.budgetMs;
  const queueing = await db
    .collection(COLLECTIONS.etlBackfills)
    .where('status', '==', 'QUEUEING')
    .orderBy('createdAt')
    .limit(limit)
    .get();
  let chunks = 0;
  for (const doc of queueing.docs) {
    const budgetMs = deadline - Date.now();
    if (budgetMs <= 0) break;
    chunks += (await advanceBackfill(db, queue, doc.id, { ...options, budgetMs })).chunks;
  }
  return chunks;
}
