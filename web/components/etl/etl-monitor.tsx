'use client';
// The ETL monitor: queue depth, a processing-time chart, recent runs with phase timings and
// failures. A streamed run change shows in its row at once; the page and the figures are read
// again once per burst of changes, never on a timer.
import type { AdminHealth, AdminRunsPage } from '@trustrails/contracts';
import { useCallback, useRef, useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { useRunStream } from '@/hooks/use-run-stream';
import { withRun } from '@/lib/etl/merge-run';
import type { EtlRunView, EtlRunsResponse } from '@/lib/etl/run-view';
import { fetchJson } from '@/lib/http/fetch-json';
import { ConnectionStatus } from '@/components/dashboard/connection-status';
import { AlertBanner } from './alert-banner';
import { AUDIT_KEY, AuditLog } from './audit-log';
import { DataQuality } from './data-quality';
import { DEAD_LETTERS_KEY, DeadLetters } from './dead-letters';
import { EtlControls, HEALTH_KEY } from './etl-controls';
import { FailedRuns } from './failed-runs';
import { FreshnessObjective } from './freshness-objective';
import { ProcessingTimeChart } from './processing-time-chart';
import { QueueSummary } from './queue-summary';
import { RunsTable } from './runs-table';
import { SCHEDULES_KEY, Schedules } from './schedules';

const RUNS_LIMIT = 50;
const RUNS_KEY = `/api/etl/runs?limit=${RUNS_LIMIT}`;
/** Every run in ERROR (up to 50), from the admin API: not a filter of the recent page. */
const FAILED_KEY = '/api/admin/etl/runs?status=ERROR&pageSize=50';

export function EtlMonitor() {
  // No polling: the run stream says when a run changed, and the page and the health figures are
  // read again, from the same documents, once per burst of changes.
  const { data, error, mutate } = useSWR<EtlRunsResponse>(RUNS_KEY, fetchJson, { revalidateOnFocus: false });
  const { data: health } = useSWR<AdminHealth>(HEALTH_KEY, fetchJson, { revalidateOnFocus: false });
  const { data: failed } = useSWR<AdminRunsPage>(FAILED_KEY, fetchJson, { revalidateOnFocus: false });
  const { mutate: mutateKey } = useSWRConfig();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [changes, setChanges] = useState(0);
  const refresh = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      setChanges((n) => n + 1);
      void mutate();
      void mutateKey(HEALTH_KEY);
      void mutateKey(FAILED_KEY);
      void mutateKey(SCHEDULES_KEY);
      // Every page of the trail: an action on this page, or another admin's, adds to it.
      void mutateKey((key) => typeof key === 'string' && key.startsWith(AUDIT_KEY));
      // Every page of letters: a run's finish resolves its letters.
      void mutateKey((key) => typeof key === 'string' && key.startsWith(DEAD_LETTERS_KEY));
    }, 150);
  }, [mutate, mutateKey]);
  // The stream sends the run as the page lists it; a gap it could not replay (null) only refreshes.
  const onRunChange = useCallback(
    (run: EtlRunView | null) => {
      if (run) void mutate((page) => withRun(page, run, RUNS_LIMIT), { revalidate: false });
      refresh();
    },
    [mutate, refresh],
  );
  const streamState = useRunStream(onRunChange);
  const runs = data?.runs ?? [];

  return (
    <>
      <AlertBanner />
      <p>
        <ConnectionStatus state={streamState} />
      </p>
      <EtlControls onChange={refresh} changes={changes} />
      {error ? <p role="alert">Could not load runs: {String(error.message ?? error)}</p> : null}
      <QueueSummary health={health} />
      <FreshnessObjective freshness={health?.freshnessMs} />
      <h2>Processing time</h2>
      <ProcessingTimeChart runs={runs} />
      <h2>Failed runs</h2>
      <FailedRuns runs={failed?.runs ?? []} onChange={refresh} />
      <h2>Dead letters</h2>
      <DeadLetters onChange={refresh} />
      <h2>Scheduled jobs</h2>
      <Schedules />
      <h2>Audit trail</h2>
      <AuditLog />
      <h2>Data quality</h2>
      <DataQuality />
      <h2>Recent runs</h2>
      <RunsTable runs={runs} />
    </>
  );
}
