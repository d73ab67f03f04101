'use client';
// /etl/runs/[rolloverId]: one run in detail from the admin API (through the web proxy): its state
// and claims, a timeline of the latest attempt's phases, every attempt with its error, the
// rollover's source events, the etl.completed / etl.failed payloads, and the actions its state
// allows. It refetches when the run stream reports a change to this run.
import { useCallback } from 'react';
import useSWR from 'swr';
import type { AdminRunDetail } from '@trustrails/contracts';
import { useRunStream } from '@/hooks/use-run-stream';
import type { EtlRunView } from '@/lib/etl/run-view';
import { fetchJson } from '@/lib/http/fetch-json';
import { ConnectionStatus } from '@/components/dashboard/connection-status';
import { currentProgress } from '@trustrails/contracts/run-states';
import { PhaseTimeline } from './phase-timeline';
import { RunActions } from './run-actions';
import { RunAttempts } from './run-attempts';
import { RunAudit } from './run-audit';
import { RunEvents } from './run-events';
import { RunFacts } from './run-facts';
import { RunOutcome } from './run-outcome';
import styles from './run-detail.module.css';

/**
 * The phases to draw: a running attempt's times so far (from its last progress report, with the
 * phase it is in), else the times the run recorded when it last settled.
 */
function timelineOf(run: AdminRunDetail) {
  const live = currentProgress(run);
  return live
    ? { timings: live.phaseTimingsMs, retries: {}, current: live.phase }
    : { timings: run.phaseTimingsMs, retries: run.phaseRetries, current: null };
}

export function RunDetail({ rolloverId }: { rolloverId: string }) {
  const key = `/api/admin/etl/runs/${encodeURIComponent(rolloverId)}`;
  const { data: run, error, mutate } = useSWR<AdminRunDetail>(key, fetchJson, { revalidateOnFocus: false });
  // No polling: the run stream reports this run's changes (null: a gap it could not replay).
  const onRunChange = useCallback(
    (changed: EtlRunView | null) => {
      if (changed === null || changed.rolloverId === rolloverId) void mutate();
    },
    [mutate, rolloverId],
  );
  const streamState = useRunStream(onRunChange);

  if (error)
    return (
      <p role="alert">
        Could not load run {rolloverId}: {String(error.message ?? error)}
      </p>
    );
  if (!run) return <p>Loading run {rolloverId}…</p>;
  return (
    <div data-testid="run-detail" data-status={run.status}>
      <p>
        <ConnectionStatus state={streamState} />
      </p>
      <RunFacts run={run} />
      <RunActions rolloverId={rolloverId} run={run} onActed={() => void mutate()} />
      <section className={styles.section}>
        <h2>Audit trail</h2>
        <RunAudit rolloverId={rolloverId} />
      </section>
      <section className={styles.section}>
        <h2>Phases</h2>
        <PhaseTimeline {...timelineOf(run)} />
      </section>
      <RunAttempts run={run} />
      <RunEvents events={run.events} />
      <RunOutcome run={run} />
    </div>
  );
}
