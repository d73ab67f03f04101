// Admin control of one run: cancel a RUNNING run, resume a PAUSED one from its checkpoint, force a
// stuck RUNNING run back to PENDING, or reprocess a FINISHED one as its next revision (docs/run-states.md). The transitions live in
// etl/run-state; this enqueues what they re-open, each in the lane the run was in.
import type { Firestore } from 'firebase-admin/firestore';
import type { RunState } from '@trustrails/contracts';
import {
  ACTION_STATES,
  forcePending,
  reopenForReprocess,
  requestCancel,
  resumeFromCheckpoint,
  type ControlOutcome,
} from '../etl/run-state';
import type { EtlQueue } from '../etl/enqueue';

export type RunControl = 'cancel' | 'resume' | 'requeue' | 'reprocess';

const TRANSITIONS: Record<RunControl, (db: Firestore, rolloverId: string) => Promise<ControlOutcome>> = {
  cancel: requestCancel,
  resume: resumeFromCheckpoint,
  requeue: forcePending,
  reprocess: reopenForReprocess,
};

export type ControlResult =
  | { kind: 'done'; rolloverId: string; status: RunState }
  | { kind: 'not-found' }
  | { kind: 'refused'; status: RunState; allowedFrom: readonly string[] };

export async function controlRun(
  db: Firestore,
  queue: EtlQueue,
  action: RunControl,
  rolloverId: string,
): Promise<ControlResult> {
  const outcome = await TRANSITIONS[action](db, rolloverId);
  if (!outcome) return { kind: 'not-found' };
  if (!outcome.done) return { kind: 'refused', status: outcome.status, allowedFrom: ACTION_STATES[action] };
  if (outcome.publish) await queue.publish(outcome.publish);
  // A bulk run resumed waits for a slot like any other; it may have one at once.
  if (outcome.queued) await queue.topUpBulk();
  return { kind: 'done', rolloverId, status: outcome.status };
}
