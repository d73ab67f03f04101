'use client';
// Admin controls of the ETL monitor: health, pause and resume, retries, sweeps and backfills,
// through /api/admin/etl/* (the etlAdmin function). Each action reports what it did.
import type { AdminBackfillReport, AdminHealth } from '@trustrails/contracts';
import type { AdminRouteName } from '@trustrails/contracts/admin-routes';
import { useState } from 'react';
import useSWR from 'swr';
import { adminAction, adminPost } from '@/lib/etl-admin/admin-action';
import { fetchJson } from '@/lib/http/fetch-json';
import { BackfillForm, type BackfillRequest } from './backfill-form';
import { BackfillJob } from './backfill-job';
import { BackfillProgress } from './backfill-progress';
import { ControlButtons } from './control-buttons';
import styles from './etl.module.css';
import { HealthLine } from './health-line';

export const HEALTH_KEY = '/api/admin/etl/health';

/** `changes` counts the run stream's reports, so a backfill's progress is re-counted on each. */
export function EtlControls({ onChange, changes }: { onChange: () => void; changes: number }) {
  // Refreshed by the monitor when the run stream reports a change, and after each action.
  const health = useSWR<AdminHealth>(HEALTH_KEY, fetchJson, { revalidateOnFocus: false });
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [backfillIds, setBackfillIds] = useState<string[]>([]);
  const [backfillId, setBackfillId] = useState<string | null>(null);

  async function run(label: string, route: AdminRouteName, body: object = {}) {
    setBusy(true);
    try {
      setResult(`${label}: ${(await adminAction(route, body)) || 'done'}`);
      onChange();
      void health.mutate();
    } catch (error) {
      setResult(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  async function backfill(request: BackfillRequest) {
    setBusy(true);
    try {
      const report = await adminPost<AdminBackfillReport>('backfill', request);
      setBackfillIds(report.queued);
      setBackfillId(report.backfillId);
      setResult(
        `Backfill: ${report.job?.queued ?? report.queued.length} queued, ${report.alreadyFinished} already finished`,
      );
      onChange();
    } catch (error) {
      setResult(`Backfill failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="ETL controls" data-testid="etl-controls" className={styles.controls}>
      <HealthLine health={health.data} />
      <ControlButtons busy={busy} run={(label, route, body) => void run(label, route, body)} />
      <BackfillForm busy={busy} onSubmit={(request) => void backfill(request)} />
      {backfillId ? <BackfillJob backfillId={backfillId} changes={changes} /> : null}
      {backfillIds.length > 0 ? <BackfillProgress rolloverIds={backfillIds} changes={changes} /> : null}
      {result ? (
        <p role="status" data-testid="etl-action-result">
          {result}
        </p>
      ) : null}
    </section>
  );
}
