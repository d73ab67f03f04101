// A run's facts on its page: state, transfer, custodians, claims, times, and what is in flight
// (a checkpoint, a requested cancel, a running attempt's progress, dead letters).
import type { AdminRunDetail } from '@trustrails/contracts';
import { PHASES } from '@trustrails/contracts/phases';
import { currentProgress } from '@trustrails/contracts/run-states';
import { formatMs, formatTime as when } from '@/lib/format/format';
import styles from './run-detail.module.css';

export function RunFacts({ run }: { run: AdminRunDetail }) {
  const progress = currentProgress(run);
  return (
    <dl className={styles.facts}>
      <dt>Status</dt>
      <dd data-testid="run-status">{run.status}</dd>
      <dt>Transfer</dt>
      <dd>{run.transferId ?? '—'}</dd>
      <dt>Custodians</dt>
      <dd>
        {run.sourceCustodianId ?? '?'} → {run.destinationCustodianId ?? '?'}
      </dd>
      <dt>Claims</dt>
      <dd>
        {run.claim} (attempts {run.attemptBase + 1}–{Math.max(run.attempt, run.attemptBase + 1)} belong to the current
        one){run.autoReopenings ? ` · re-opened automatically ${run.autoReopenings}×` : ''}
      </dd>
      <dt>Created · started · finished</dt>
      <dd>
        {when(run.createdAt)} · {when(run.startedAt)} · {when(run.finishedAt)}
      </dd>
      {run.checkpoint ? (
        <>
          <dt>Checkpoint</dt>
          <dd data-testid="run-checkpoint">
            cancelled after {run.checkpoint.phase ?? 'no phase'} ({when(run.checkpoint.at)}); resume goes on from the
            next phase
          </dd>
        </>
      ) : null}
      {run.cancelRequested ? (
        <>
          <dt>Cancel</dt>
          <dd>requested: the worker stops at the next phase boundary</dd>
        </>
      ) : null}
      {progress ? (
        <>
          <dt>Progress</dt>
          <dd data-testid="run-progress" data-phase={progress.phase}>
            running {progress.phase}: {progress.completedPhases.length} of {PHASES.length} phases done, as of{' '}
            {when(progress.at)}
          </dd>
        </>
      ) : null}
      <dt>Processing time</dt>
      <dd>{formatMs(run.processingTimeMs)}</dd>
      {run.deadLettered ? (
        <>
          <dt>Dead letters</dt>
          <dd>{(run.deadLetterIds ?? []).join(', ') || 'yes'}</dd>
        </>
      ) : null}
    </dl>
  );
}
