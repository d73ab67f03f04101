// How many runs are in each state, from the admin API's health figures ('—' until they load).
import type { AdminHealth } from '@trustrails/contracts';
import { RUN_STATE_DISPLAY_ORDER } from '@trustrails/contracts/run-states';
import styles from './etl.module.css';

const STATE_LABELS = {
  PENDING: 'Pending',
  RUNNING: 'Running',
  ERROR: 'Errors',
  PAUSED: 'Paused',
  FINISHED: 'Finished',
};

export function QueueSummary({ health }: { health: AdminHealth | undefined }) {
  return (
    <section aria-label="Runs by state" className={styles.queue} data-testid="queue">
      {RUN_STATE_DISPLAY_ORDER.map((state) => (
        <span key={state}>
          {STATE_LABELS[state]}:{' '}
          <strong data-testid={`queue-${state.toLowerCase()}`}>{health?.byStatus[state] ?? '—'}</strong>
        </span>
      ))}
    </section>
  );
}
