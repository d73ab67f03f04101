// A backfill's range and optional custodian; the controls send it and follow its runs.
import type { FormEvent } from 'react';
import styles from './etl.module.css';

export interface BackfillRequest {
  from: string;
  to: string;
  custodianId?: string;
}

export function BackfillForm({ busy, onSubmit }: { busy: boolean; onSubmit: (request: BackfillRequest) => void }) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const custodianId = String(form.get('custodianId') ?? '').trim();
    onSubmit({ from: String(form.get('from')), to: String(form.get('to')), ...(custodianId ? { custodianId } : {}) });
  }
  return (
    <form onSubmit={submit} className={styles.backfill} data-testid="etl-backfill">
      <label>
        From <input name="from" type="date" required />
      </label>
      <label>
        To <input name="to" type="date" required />
      </label>
      <label>
        Custodian <input name="custodianId" placeholder="all" />
      </label>
      <button type="submit" disabled={busy}>
        Backfill
      </button>
    </form>
  );
}
