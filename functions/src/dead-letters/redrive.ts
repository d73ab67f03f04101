// Redrive: re-open the runs of open dead letters (the admin retry: a new claim and a fresh attempt
// budget) into the bulk lane, and mark their letters REDRIVEN; they stay open until the run
// finishes, which resolves them (etl/run-state/outcome.ts). A run that has finished, or is gone,
// has nothing to redrive: its letters are resolved instead. A run already PENDING or RUNNING (the
// sweeper or an admin re-opened it) is left to finish, and reported.
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { DEAD_LETTER_STATES, type AdminRedriveReport } from '@trustrails/contracts';
import type { EtlQueue } from '../etl/enqueue';
import { logs } from '../logs';
import { reopenForRetry } from '../etl/run-state';
import { lettersOf } from './resolve';
import { openLettersByRun, settleRunLetters } from './settle';

export type RedriveInput = { rolloverId: string } | { all: true };

export type RedriveReport = AdminRedriveReport;

async function markRedriven(db: Firestore, messageIds: string[], by: string): Promise<void> {
  const batch = db.batch();
  for (const id of messageIds)
    batch.update(lettersOf(db).doc(id), {
      status: DEAD_LETTER_STATES.REDRIVEN,
      redrivenAt: FieldValue.serverTimestamp(),
      redrivenBy: by,
    });
  await batch.commit();
}

/** Null when the given run has no dead letter at all, open or resolved. */
export async function redriveDeadLetters(
  db: Firestore,
  queue: EtlQueue,
  input: RedriveInput,
  by: string,
  limit = 500,
): Promise<RedriveReport | null> {
  const byRun = await openLettersByRun(db, limit, 'rolloverId' in input ? input.rolloverId : undefined);
  // Letters naming no run are recorded resolved: nothing to redrive.
  byRun.delete(null);
  const report: RedriveReport = { redriven: [], notRedriven: [], resolved: [] };
  if ('rolloverId' in input && byRun.size === 0) {
    const any = await lettersOf(db).where('rolloverId', '==', input.rolloverId).limit(1).get();
    if (any.empty) return null;
    report.resolved.push(input.rolloverId);
    return report;
  }

  for (const [rolloverId, messageIds] of byRun as Map<string, string[]>) {
    const settled = await settleRunLetters(db, rolloverId, messageIds, 'redrive');
    if (settled.status === 'MISSING' || settled.status === 'FINISHED') {
      report.resolved.push(rolloverId);
      continue;
    }
    const outcome = await reopenForRetry(db, rolloverId, 'redrive');
    if (!outcome?.retried) {
      report.notRedriven.push({ rolloverId, status: outcome?.status ?? 'MISSING' });
      continue;
    }
    await markRedriven(db, messageIds, by);
    report.redriven.push(rolloverId);
    logs.deadLetterRedriven({ rolloverId, messageIds, by });
  }
  // Redriven runs wait in the bulk lane: a redrive of hundreds must not delay live rollovers.
  if (report.redriven.length > 0) await queue.topUpBulk();
  return report;
}
