// The recent runs: each links to its detail page, with its state (and a slow run's current phase),
// attempts, custodians and the time of every phase.
// Only the phases module: importing the package root would build its zod schemas in the browser.
import { PHASES } from '@trustrails/contracts/phases';
import Link from 'next/link';
import type { EtlRunView } from '@/lib/etl/run-view';
import { formatMs } from '@/lib/format/format';
import styles from './etl.module.css';

const HEADINGS = ['Rollover', 'Status', 'Attempts', 'Custodians', 'Total', ...PHASES, 'Created'];

export function RunsTable({ runs }: { runs: EtlRunView[] }) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="runs">
        <thead>
          <tr>
            {HEADINGS.map((h) => (
              <th key={h} className={styles.cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.rolloverId} data-rollover-id={run.rolloverId} data-status={run.status}>
              <td className={styles.cell}>
                <Link href={`/etl/runs/${encodeURIComponent(run.rolloverId)}`} data-testid="run-link">
                  <code>{run.rolloverId}</code>
                </Link>
              </td>
              <td className={styles.cell}>
                {run.status}
                {run.progress ? (
                  <span data-testid="run-progress" data-phase={run.progress.phase}>
                    {' '}
                    · {run.progress.phase} ({run.progress.completedPhases.length}/{PHASES.length} done)
                  </span>
                ) : null}
              </td>
              <td
                className={styles.cell}
                data-testid="run-attempts"
                data-attempt={run.attempt}
                data-claims={run.claims}
              >
                {run.attempt}
                {run.claims > 1 ? ` (claim ${run.claims})` : ''}
              </td>
              <td className={styles.cell}>
                {run.sourceCustodianId ?? '?'} → {run.destinationCustodianId ?? '?'}
              </td>
              <td className={styles.cell}>{formatMs(run.processingTimeMs)}</td>
              {PHASES.map((phase) => (
                <td key={phase} className={styles.cell}>
                  {formatMs(run.phaseTimingsMs[phase])}
                </td>
              ))}
              <td className={styles.cell}>{run.createdAt ? new Date(run.createdAt).toLocaleTimeString() : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
