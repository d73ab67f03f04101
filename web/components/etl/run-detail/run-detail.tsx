'use client';
// /etl/runs/[rolloverId]: one run in detail from the admin API (through the web proxy): its state
// and claims, a timeline of the latest attempt's phases, every attempt with its error, the
// rollover's source events, the etl.completed / etl.failed payloads, and the actions its state
// allows. It refetches when the run stream reports a change to this run.
import { useCallback, useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import type { AdminRunDetail } from '@trustrails/contracts';
import { runActionRequest, type RunAction } from '@trustrails/contracts/admin-routes';
import { PHASES } from '@trustrails/contracts/phases';
import { currentProgress } from '@trustrails/contracts/run-states';
import { useRunStream } from '../../../hooks/use-run-stream';
import { adminAction } from '../../../lib/etl-admin/admin-action';
import type { EtlRunView } from '../../../lib/etl/run-view';
import { formatMs } from '../../../lib/format/format';
import { fetchJson } from '../../../lib/http/fetch-json';
import { ConnectionStatus } from '../../dashboard/connection-status';
import { PhaseTimeline } from './phase-timeline';
import { RunAudit, runAuditKey } from './run-audit';
import styles from './run-detail.module.css';

/** The buttons' labels; which request each action makes comes from the admin vocabulary. */
const LABELS: Record<RunAction, string> = {
  retry: 'Retry',
  pause: 'Pause',
  cancel: 'Cancel',
  resume: 'Resume',
  requeue: 'Force back to PENDING',
  reprocess: 'Reprocess (new revision)',
};

const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

/** Each attempt of the run and how it ended, as far as the run and its etl.failed events tell. */
function attemptsOf(run: AdminRunDetail) {
  return Array.from({ length: run.attempt }, (_, i) => {
    const attempt = i + 1;
    const failure = run.failures.find((f) => f.attempt === attempt);
    const latest = attempt === run.attempt;
    const outcome = failure
      ? `failed${failure.retryable ? ' (retryable)' : ' (permanent)'}: ${failure.reason ?? ''}`
      : latest
        ? run.status.toLowerCase()
        : 'ended without an outcome (taken over or interrupted)';
    return { attempt, claimAttempt: attempt > run.attemptBase, outcome, phase: failure?.phase ?? null };
  });
}

/**
 * The phases to draw: a running attempt's times so far (from its last progress report, with the
 * phase it is in), else the times the run recorded when it last settled.
 */
function timelineOf(run: AdminRunDetail) {
  const live = currentProgress(run);
  return live
    ? { timings: live.phaseTimingsMs, retries: {}, current: live.phase }
    : { timings: run.phaseTimingsMs, retries: run.phaseRetries, current: null };
}

export function RunDetail({ rolloverId }: { rolloverId: string }) {
  const key = `/api/admin/etl/runs/${encodeURIComponent(rolloverId)}`;
  const { data: run, error, mutate } = useSWR<AdminRunDetail>(key, fetchJson, { revalidateOnFocus: false });
  const [result, setResult] = useState<string | null>(null);
  const { mutate: mutateKey } = useSWRConfig();
  // No polling: the run stream reports this run's changes (null: a gap it could not replay).
  const onRunChange = useCallback(
    (changed: EtlRunView | null) => {
      if (changed === null || changed.rolloverId === rolloverId) void mutate();
    },
    [mutate, rolloverId],
  );
  const streamState = useRunStream(onRunChange);

  async function act(action: RunAction) {
    try {
      const request = runActionRequest(action, rolloverId);
      const done = await adminAction(request.route, request.body, request.params);
      setResult(`${LABELS[action]}: ${done || 'done'}`);
    } catch (e) {
      setResult(`${action} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    void mutate();
    // Refused or not, the action is in the run's trail now.
    void mutateKey(runAuditKey(rolloverId));
  }

  if (error)
    return (
      <p role="alert">
        Could not load run {rolloverId}: {String(error.message ?? error)}
      </p>
    );
  if (!run) return <p>Loading run {rolloverId}…</p>;
  const progress = currentProgress(run);
  return (
    <div data-testid="run-detail" data-status={run.status}>
      <p>
        <ConnectionStatus state={streamState} />
      </p>
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

      <section className={styles.section} aria-label="Actions">
        <div className={styles.actions}>
          {run.allowedActions.length === 0 ? <span>No action applies to a {run.status} run.</span> : null}
          {run.allowedActions.map((action) => (
            <button key={action} type="button" data-testid={`run-${action}`} onClick={() => void act(action)}>
              {LABELS[action]}
            </button>
          ))}
        </div>
        {result ? <p role="status">{result}</p> : null}
      </section>

      <section className={styles.section}>
        <h2>Audit trail</h2>
        <RunAudit rolloverId={rolloverId} />
      </section>

      <section className={styles.section}>
        <h2>Phases</h2>
        <PhaseTimeline {...timelineOf(run)} />
      </section>

      <section className={styles.section}>
        <h2>Attempts</h2>
        <table className={styles.table} data-testid="run-attempts-table">
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">Claim</th>
              <th scope="col">Phase</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {attemptsOf(run).map((a) => (
              <tr key={a.attempt}>
                <td>{a.attempt}</td>
                <td>{a.claimAttempt ? 'current' : 'earlier'}</td>
                <td>{a.phase ?? '—'}</td>
                <td>{a.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {run.lastError ? (
          <p role="alert">
            Last error ({run.lastError.phase ?? 'no phase'}, {when(run.lastError.at)}): {run.lastError.reason}
            {run.lastError.missing.length ? ` — missing ${run.lastError.missing.join(', ')}` : ''}
          </p>
        ) : null}
      </section>

      <section className={styles.section}>
        <h2>Source events</h2>
        <table className={styles.table} data-testid="run-events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Type</th>
              <th scope="col">Event id</th>
            </tr>
          </thead>
          <tbody>
            {run.events.map((event) => (
              <tr key={event.id} data-event-type={event.eventType}>
                <td>{when(event.at)}</td>
                <td>{event.eventType}</td>
                <td>
                  <details>
                    <summary>
                      <code>{event.id}</code>
                    </summary>
                    <pre className={styles.payload}>{JSON.stringify(event.data, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className={styles.section}>
        <h2>ETL outcome</h2>
        {run.completion ? (
          <>
            <h3>etl.completed</h3>
            <pre className={styles.payload} data-testid="run-completion">
              {JSON.stringify(run.completion, null, 2)}
            </pre>
          </>
        ) : (
          <p>No etl.completed yet.</p>
        )}
        {run.failures.map((failure) => (
          <div key={failure.id}>
            <h3>etl.failed (attempt {failure.attempt ?? '?'})</h3>
            <pre className={styles.payload} data-testid="run-failure">
              {JSON.stringify(failure, null, 2)}
            </pre>
          </div>
        ))}
      </section>
    </div>
  );
}
