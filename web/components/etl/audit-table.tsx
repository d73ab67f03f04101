// Entries of the admin audit trail as a table: when, who, what, the arguments and the outcome.
// Shared by /etl's audit log and a run's page.
import type { AdminAuditEntry } from '@trustrails/contracts';
import styles from './etl.module.css';

const when = (iso: string) => new Date(iso).toLocaleString();

/** ok (status), refused (status: message), or still open (no outcome recorded). */
function outcomeOf(entry: AdminAuditEntry): string {
  if (!entry.outcome) return 'no outcome recorded';
  const { ok, status, error } = entry.outcome;
  return ok ? `ok (${status})` : `${status}: ${error ?? 'failed'}`;
}

export function AuditTable({ entries, testId }: { entries: AdminAuditEntry[]; testId: string }) {
  return (
    <table className={styles.table} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Arguments</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr
            key={entry.id}
            data-testid="audit-entry"
            data-action={entry.action}
            data-uid={entry.uid}
            data-outcome={entry.outcome?.status ?? ''}
          >
            <td>{when(entry.at)}</td>
            <td>{entry.email ?? entry.uid}</td>
            <td>
              {entry.action} <code>{entry.target}</code>
            </td>
            <td>
              <code>{entry.args}</code>
            </td>
            <td>{outcomeOf(entry)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
