// Every attempt of a run, whose claim it belonged to and how it ended, with the run's last error.
import type { AdminRunDetail } from '@trustrails/contracts';
import { formatTime as when } from '@/lib/format/format';
import styles from './run-detail.module.css';

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

export function RunAttempts({ run }: { run: AdminRunDetail }) {
  return (
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
  );
}
