// Settling open letters that have nothing left to heal: their run finished (a letter recorded
// before letters were resolved on finish) or is gone (deleted). The sweep does it before it counts
// open letters for the deadLetters alert, and a redrive does it for the runs it is asked about.
// Runs are read in batches first; only a run that finished or is gone costs a transaction, which
// re-reads the run and its letters so a letter closes once, whoever gets there first.
import type { Firestore } from 'firebase-admin/firestore';
import { OPEN_DEAD_LETTER_STATES, RUN_STATES, type DeadLetterResolver, type RunState } from '@trustrails/contracts';
import { runRef } from '../etl/run-state';
import { logs } from '../logs';
import { lettersOf, openLetters, resolveLetters } from './resolve';

/** The open letters, oldest first, as run → letter ids; letters naming no run under null. */
export async function openLettersByRun(db: Firestore, limit: number, rolloverId?: string) {
  let query = lettersOf(db).where('status', 'in', [...OPEN_DEAD_LETTER_STATES]);
  if (rolloverId !== undefined) query = query.where('rolloverId', '==', rolloverId);
  const snap = await query.orderBy('recordedAt').limit(limit).select('rolloverId').get();
  const byRun = new Map<string | null, string[]>();
  for (const doc of snap.docs) {
    const run = (doc.get('rolloverId') as string | null) ?? null;
    byRun.set(run, [...(byRun.get(run) ?? []), doc.id]);
  }
  return byRun;
}

/**
 * Closes the run's open letters if the run has finished or is gone, in one transaction; returns
 * the run's state ('MISSING' when gone) and the letters it closed.
 */
export async function settleRunLetters(
  db: Firestore,
  rolloverId: string | null,
  messageIds: readonly string[],
  by: Extract<DeadLetterResolver, 'sweeper' | 'redrive'>,
): Promise<{ status: RunState | 'MISSING'; resolved: string[] }> {
  const outcome = await db.runTransaction(async (tx) => {
    const run = rolloverId ? (await tx.get(runRef(db, rolloverId))).data() : undefined;
    const letters = await openLetters(tx, db, messageIds);
    if (!run) {
      resolveLetters(tx, letters, rolloverId ? 'run-missing' : 'no-run', by);
      return { status: 'MISSING' as const, resolved: letters.map((ref) => ref.id), how: 'run-missing' };
    }
    if (run.status !== RUN_STATES.FINISHED) return { status: run.status, resolved: [], how: '' };
    resolveLetters(tx, letters, 'run-finished', run.reopenedBy ?? 'unknown');
    return { status: run.status, resolved: letters.map((ref) => ref.id), how: 'run-finished' };
  });
  if (outcome.resolved.length > 0)
    logs.deadLettersResolved({ rolloverId, messageIds: outcome.resolved, resolution: outcome.how, by });
  return { status: outcome.status, resolved: outcome.resolved };
}

/** The sweep's step: the oldest `limit` open letters, closed where their run finished or is gone. */
export async function settleOpenLetters(db: Firestore, limit = 500): Promise<number> {
  const byRun = await openLettersByRun(db, limit);
  const runIds = [...byRun.keys()].filter((id): id is string => id !== null);
  const settleable: (string | null)[] = byRun.has(null) ? [null] : [];
  for (let i = 0; i < runIds.length; i += 100) {
    const snaps = await db.getAll(...runIds.slice(i, i + 100).map((id) => runRef(db, id)));
    for (const snap of snaps) if (!snap.exists || snap.data()?.status === RUN_STATES.FINISHED) settleable.push(snap.id);
  }
  let resolved = 0;
  for (const rolloverId of settleable)
    resolved += (await settleRunLetters(db, rolloverId, byRun.get(rolloverId)!, 'sweeper')).resolved.length;
  return resolved;
}
