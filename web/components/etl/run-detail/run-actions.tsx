'use client';
// The actions a run's state allows, as buttons, and the answer to the last one taken. Which
// request each action makes comes from the admin vocabulary.
import { useState } from 'react';
import { useSWRConfig } from 'swr';
import type { AdminRunDetail } from '@trustrails/contracts';
import { runActionRequest, type RunAction } from '@trustrails/contracts/admin-routes';
import { adminAction } from '@/lib/etl-admin/admin-action';
import { runAuditKey } from './run-audit';
import styles from './run-detail.module.css';

/** The buttons' labels. */
const LABELS: Record<RunAction, string> = {
  retry: 'Retry',
  pause: 'Pause',
  cancel: 'Cancel',
  resume: 'Resume',
  requeue: 'Force back to PENDING',
  reprocess: 'Reprocess (new revision)',
};

export function RunActions({
  rolloverId,
  run,
  onActed,
}: {
  rolloverId: string;
  run: AdminRunDetail;
  /** Refetches the run, whether the action was taken or refused. */
  onActed: () => void;
}) {
  const [result, setResult] = useState<string | null>(null);
  const { mutate: mutateKey } = useSWRConfig();

  async function act(action: RunAction) {
    try {
      const request = runActionRequest(action, rolloverId);
      const done = await adminAction(request.route, request.body, request.params);
      setResult(`${LABELS[action]}: ${done || 'done'}`);
    } catch (e) {
      setResult(`${action} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    onActed();
    // Refused or not, the action is in the run's trail now.
    void mutateKey(runAuditKey(rolloverId));
  }

  return (
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
  );
}
