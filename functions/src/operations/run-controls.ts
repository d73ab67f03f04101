// Admin control of one run: cancel a RUNNING run, resume a PAUSED one from its checkpoint, or
// force a stuck RUNNING run back to PENDING (docs/run-states.md). The transitions live in
// etl/run-state; this enqueues what they re-open.
import type { Firestore } from 'firebase-admin/firestore';
import type { RunState } from '@trustrails/contracts';
import {
  ACTION_STATES,
  forcePending,
  requestCancel,
  resumeFromCheckpoint,
  type ControlOutcome,
} from '../etl/run-state';
import type { Publish } from '../etl/enqueue';

export type RunControl = 'cancel' | 'resume' | 'requeue';

const TRANSITIONS: Record<RunControl, (db: Firestore, rolloverId: string) => Promise<ControlOutcome>> = {
  cancel: requestCancel,
  resume: resumeFromCheckpoint,
  requeue: forcePending,
};

export type ControlResult =
  | { kind: 'done'; rolloverId: string; status: RunState }
  | { kind: 'not-found' }
  | { kind: 'refused'; status: RunState; allowedFrom: readonly string[] };

export async function controlRun(
  db: Firestore,
  publish: Publish,
  action: RunControl,
  rolloverId: string,
): Promise<ControlResult> {
  const outcome = await TRANSITIONS[action](db, rolloverId);
  if (!outcome) return { kind: 'not-found' };
  if (!outcome.done) return { kind: 'refused', status: outcome.status, allowedFrom: ACTION_STATES[action] };
  if (outcome.publish) await publish(outcome.publish);
  return { kind: 'done', rolloverId, status: outcome.status };
}
