'use client';
// Admin controls of the ETL monitor: health, pause and resume, retries, sweeps and backfills,
// through /api/admin/etl/* (the etlAdmin function). Each action reports what it did.
import { useState, type FormEvent } from 'react';
import useSWR from 'swr';
import { formatMs } from '../../lib/format/format';
import { adminAction, adminPost } from '../../lib/etl-admin/admin-action';
import { BackfillProgress } from './backfill-progress';
import type { AdminHealth } from '@trustrails/contracts';
import { fetchJson } from '../../lib/http/fetch-json';

export const HEALTH_KEY = '/api/admin/etl/health';

/** `changes` counts the run stream's reports, so a backfill's progress is re-counted on each. */
export function EtlControls({ onChange, changes }: { onChange: () => void; changes: number }) {
  // Refreshed by the monitor when the run stream reports a change, and after each action.
  const health = useSWR<AdminHealth>(HEALTH_KEY, fetchJson, { revalidateOnFocus: false });
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [backfillIds, setBackfillIds] = useState<string[]>([]);

  async function run(label: string, path: string, body: object = {}) {
    setBusy(true);
    try {
      setResult(`${label}: ${(await adminAction(path, body)) || 'done'}`);
      onChange();
      void health.mutate();
    } catch (error) {
      setResult(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  async function backfill(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const custodianId = String(form.get('custodianId') ?? '').trim();
    setBusy(true);
    try {
      const report = await adminPost<{ queued: string[]; alreadyFinished: number }>('backfill', {
        from: form.get('from'),
        to: form.get('to'),
        ...(custodianId ? { custodianId } : {}),
      });
      setBackfillIds(report.queued);
      setResult(`Backfill: ${report.queued.length} queued, ${report.alreadyFinished} already finished`);
      onChange();
    } catch (error) {
      setResult(`Backfill failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  const h = health.data;
  return (
    <section
      aria-label="ETL controls"
      data-testid="etl-controls"
      style={{ border: '1px solid #d0d7de', borderRadius: 6, padding: 12, margin: '12px 0' }}
    >
      <p data-testid="etl-health">
        Queue depth <strong>{h?.queueDepth ?? '—'}</strong> · oldest pending {h?.oldestPendingAt ?? '—'} · failures last
        hour <strong>{h?.failuresLastHour ?? '—'}</strong> · processing avg{' '}
        {h?.processingTimeMs.avg != null ? formatMs(h.processingTimeMs.avg) : '—'}, p95{' '}
        {h?.processingTimeMs.p95 != null ? formatMs(h.processingTimeMs.p95) : '—'}
      </p>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <button type="button" disabled={busy} data-testid="etl-pause" onClick={() => void run('Pause', 'pause')}>
          Pause ETL
        </button>
        <button type="button" disabled={busy} data-testid="etl-resume" onClick={() => void run('Resume', 'resume')}>
          Resume ETL
        </button>
        <button
          type="button"
          disabled={busy}
          data-testid="etl-retry-failed"
          onClick={() => void run('Retry failed', 'retry', { allFailed: true })}
        >
          Retry all failed
        </button>
        <button type="button" disabled={busy} onClick={() => void run('Sweep', 'sweep')}>
          Sweep now
        </button>
      </div>
      <form
        onSubmit={(event) => void backfill(event)}
        style={{ display: 'flex', gap: 8, marginTop: 8, alignItems: 'center' }}
        data-testid="etl-backfill"
      >
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
      {backfillIds.length > 0 ? <BackfillProgress rolloverIds={backfillIds} changes={changes} /> : null}
      {result ? (
        <p role="status" data-testid="etl-action-result">
          {result}
        </p>
      ) : null}
    </section>
  );
}
