// What the ETL announced for a run: its etl.completed payload, and each attempt's etl.failed.
import type { AdminRunDetail } from '@trustrails/contracts';
import styles from './run-detail.module.css';

export function RunOutcome({ run }: { run: AdminRunDetail }) {
  return (
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
  );
}
