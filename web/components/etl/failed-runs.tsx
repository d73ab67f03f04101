'use client';
// Every run in ERROR, with its phase, attempt, error and a retry button per run.
import type { AdminRun } from '@trustrails/contracts';
import { adminAction } from '@/lib/etl-admin/admin-action';
import styles from './etl.module.css';

export function FailedRuns({ runs, onChange }: { runs: AdminRun[]; onChange: () => void }) {
  if (runs.length === 0) return <p className={styles.muted}>No run is in ERROR.</p>;
  return (
    <ul data-testid="failures">
      {runs.map((run) => (
        <li key={run.id}>
          <code>{run.id}</code> ({run.lastError?.phase ?? 'no phase'}, attempt {run.attempt}
          {run.lastError?.retryable ? ', retryable' : ', permanent'}
          {run.deadLettered ? ', dead-lettered' : ''}): {run.lastError?.reason ?? 'no error recorded'}
          {run.lastError?.missing.length ? ` — missing ${run.lastError.missing.join(', ')}` : ''}{' '}
          <button
            data-testid={`retry-${run.id}`}
            type="button"
            onClick={() => void adminAction('retry', { rolloverId: run.id }).then(onChange)}
          >
            Retry
          </button>
        </li>
      ))}
    </ul>
  );
}
