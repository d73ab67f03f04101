// Redrive: re-open the runs of DEAD dead letters (the admin retry: a new claim and a fresh
// attempt budget) into the bulk lane, and mark their dead letters REDRIVEN. A run that is no
// longer ERROR or PAUSED (finished or retried since) is reported and its dead letters stay DEAD.
import { FieldValue, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { DEAD_LETTER_STATES, ETL_DEAD_LETTERS } from '@trustrails/contracts';
import type { EtlQueue } from '../etl/enqueue';
import { logs } from '../logs';
import { retryRun } from '../operations/retry-runs';

export type RedriveInput = { rolloverId: string } | { all: true };

export interface RedriveReport {
  redriven: string[];
  notRedriven: { rolloverId: string; status: string }[];
}

/** Null when there is no DEAD dead letter to redrive for the given run. */
export async function redriveDeadLetters(
  db: Firestore,
  queue: EtlQueue,
  input: RedriveInput,
  by: string,
  limit = 500,
): Promise<RedriveReport | null> {
  let query = db.collection(ETL_DEAD_LETTERS).where('status', '==', DEAD_LETTER_STATES.DEAD);
  if ('rolloverId' in input) query = query.where('rolloverId', '==', input.rolloverId);
  const letters = await query.limit(limit).get();
  const byRun = new Map<string, QueryDocumentSnapshot[]>();
  for (const doc of letters.docs) {
    const rolloverId = doc.get('rolloverId') as string | null;
    // Unreadable dead letters name no run: they stay for a person to read.
    if (rolloverId) byRun.set(rolloverId, [...(byRun.get(rolloverId) ?? []), doc]);
  }
  if ('rolloverId' in input && byRun.size === 0) return null;

  const report: RedriveReport = { redriven: [], notRedriven: [] };
  for (const [rolloverId, docs] of byRun) {
    const outcome = await retryRun(db, rolloverId);
    if (!outcome?.retried) {
      report.notRedriven.push({ rolloverId, status: outcome?.status ?? 'missing' });
      continue;
    }
    const batch = db.batch();
    for (const doc of docs)
      batch.update(doc.ref, {
        status: DEAD_LETTER_STATES.REDRIVEN,
        redrivenAt: FieldValue.serverTimestamp(),
        redrivenBy: by,
      });
    await batch.commit();
    report.redriven.push(rolloverId);
    logs.deadLetterRedriven({ rolloverId, messageIds: docs.map((d) => d.id), by });
  }
  // Redriven runs wait in the bulk lane: a redrive of hundreds must not delay live rollovers.
  if (report.redriven.length > 0) await queue.topUpBulk();
  return report;
}
