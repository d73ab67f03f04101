// The whole ETL's actions: pause, resume, retry every failed run, sweep now.
import type { AdminRouteName } from '@trustrails/contracts/admin-routes';
import styles from './etl.module.css';

export type RunAdminAction = (label: string, route: AdminRouteName, body?: object) => void;

export function ControlButtons({ busy, run }: { busy: boolean; run: RunAdminAction }) {
  return (
    <div className={styles.buttons}>
      <button type="button" disabled={busy} data-testid="etl-pause" onClick={() => run('Pause', 'pause')}>
        Pause ETL
      </button>
      <button type="button" disabled={busy} data-testid="etl-resume" onClick={() => run('Resume', 'resume')}>
        Resume ETL
      </button>
      <button
        type="button"
        disabled={busy}
        data-testid="etl-retry-failed"
        onClick={() => run('Retry failed', 'retry', { allFailed: true })}
      >
        Retry all failed
      </button>
      <button type="button" disabled={busy} onClick={() => run('Sweep', 'sweep')}>
        Sweep now
      </button>
    </div>
  );
}
