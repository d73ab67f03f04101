'use client';
// The ETL monitor: queue depth, a processing-time chart, recent runs with phase timings and
// failures. It refetches when the run stream reports a change, never on a timer.
// Only the phases module: importing the package root would build its zod schemas in the browser.
import { PHASES } from '@trustrails/contracts/phases';
import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { useRunStream } from '../../hooks/use-run-stream';
import { formatMs } from '../../lib/format/format';
import { fetchJson } from '../../lib/http/fetch-json';
import type { AdminHealth, AdminRunsPage } from '@trustrails/contracts';
import type { EtlRunsResponse } from '../../lib/etl/run-view';
import { ConnectionStatus } from '../dashboard/connection-status';
import { adminAction } from '../../lib/etl-admin/admin-action';
import { AlertBanner } from './alert-banner';
import { DataQuality } from './data-quality';
import { SCHEDULES_KEY, Schedules } from './schedules';
import { EtlControls, HEALTH_KEY } from './etl-controls';
import { ProcessingTimeChart } from './processing-time-chart';

const RUNS_KEY = '/api/etl/runs?limit=50';
/** Every run in ERROR (up to 50), from the admin API: not a filter of the recent page. */
const FAILED_KEY = '/api/admin/etl/runs?status=ERROR&pageSize=50';
const STATE_LABELS = {
  PENDING: 'Pending',
  RUNNING: 'Running',
  ERROR: 'Errors',
  PAUSED: 'Paused',
  FINISHED: 'Finished',
};
const cell = { padding: '4px 8px', borderBottom: '1px solid #eaeef2', textAlign: 'left' as const, fontSize: 13 };

export function EtlMonitor() {
  // No polling: the run stream says when a run changed, and the page and the health figures are
  // read again, from the same documents, once per burst of changes.
  const { data, error, mutate } = useSWR<EtlRunsResponse>(RUNS_KEY, fetchJson, { revalidateOnFocus: false });
  const { data: health } = useSWR<AdminHealth>(HEALTH_KEY, fetchJson, { revalidateOnFocus: false });
  const { data: failed } = useSWR<AdminRunsPage>(FAILED_KEY, fetchJson, { revalidateOnFocus: false });
  const { mutate: mutateKey } = useSWRConfig();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [changes, setChanges] = useState(0);
  const onRunChange = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      setChanges((n) => n + 1);
      void mutate();
      void mutateKey(HEALTH_KEY);
      void mutateKey(FAILED_KEY);
      void mutateKey(SCHEDULES_KEY);
    }, 150);
  }, [mutate, mutateKey]);
  const streamState = useRunStream(onRunChange);
  const runs = data?.runs ?? [];
  const failedRuns = failed?.runs ?? [];

  return (
    <>
      <AlertBanner />
      <p>
        <ConnectionStatus state={streamState} />
      </p>
      <EtlControls onChange={onRunChange} changes={changes} />
      {error ? <p role="alert">Could not load runs: {String(error.message ?? error)}</p> : null}
      <section aria-label="Runs by state" style={{ display: 'flex', gap: 24 }} data-testid="queue">
        {(['PENDING', 'RUNNING', 'ERROR', 'PAUSED', 'FINISHED'] as const).map((state) => (
          <span key={state}>
            {STATE_LABELS[state]}:{' '}
            <strong data-testid={`queue-${state.toLowerCase()}`}>{health?.byStatus[state] ?? '—'}</strong>
          </span>
        ))}
      </section>
      <h2>Processing time</h2>
      <ProcessingTimeChart runs={runs} />
      <h2>Failed runs</h2>
      {failedRuns.length === 0 ? (
        <p style={{ color: '#57606a' }}>No run is in ERROR.</p>
      ) : (
        <ul data-testid="failures">
          {failedRuns.map((run) => (
            <li key={run.id}>
              <code>{run.id}</code> ({run.lastError?.phase ?? 'no phase'}, attempt {run.attempt}
              {run.lastError?.retryable ? ', retryable' : ', permanent'}
              {run.deadLettered ? ', dead-lettered' : ''}): {run.lastError?.reason ?? 'no error recorded'}
              {run.lastError?.missing.length ? ` — missing ${run.lastError.missing.join(', ')}` : ''}{' '}
              <button
                data-testid={`retry-${run.id}`}
                type="button"
                onClick={() => void adminAction('retry', { rolloverId: run.id }).then(onRunChange)}
              >
                Retry
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Scheduled jobs</h2>
      <Schedules />
      <h2>Data quality</h2>
      <DataQuality />
      <h2>Recent runs</h2>
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="runs">
          <thead>
            <tr>
              {['Rollover', 'Status', 'Attempts', 'Custodians', 'Total', ...PHASES, 'Created'].map((h) => (
                <th key={h} style={cell}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.rolloverId} data-rollover-id={run.rolloverId} data-status={run.status}>
                <td style={cell}>
                  <Link href={`/etl/runs/${encodeURIComponent(run.rolloverId)}`} data-testid="run-link">
                    <code>{run.rolloverId}</code>
                  </Link>
                </td>
                <td style={cell}>{run.status}</td>
                <td style={cell} data-testid="run-attempts" data-attempt={run.attempt} data-claims={run.claims}>
                  {run.attempt}
                  {run.claims > 1 ? ` (claim ${run.claims})` : ''}
                </td>
                <td style={cell}>
                  {run.sourceCustodianId ?? '?'} → {run.destinationCustodianId ?? '?'}
                </td>
                <td style={cell}>{formatMs(run.processingTimeMs)}</td>
                {PHASES.map((phase) => (
                  <td key={phase} style={cell}>
                    {formatMs(run.phaseTimingsMs[phase])}
                  </td>
                ))}
                <td style={cell}>{run.createdAt ? new Date(run.createdAt).toLocaleTimeString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
