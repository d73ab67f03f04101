'use client';
// A backfill job started from /etl, as the admin API keeps it (GET /backfills/:id): whether it is
// still queueing its range, how many of its queued runs have settled, and the rate and ETA so far
// (contracts' progress-estimate, as the CLI computes them). Re-read each time the run stream
// reports a change, never on a timer; a job of any size is one small document to read.
import type { AdminBackfillJob } from '@trustrails/contracts';
import { estimateProgress, etaLabel } from '@trustrails/contracts/progress-estimate';
import { useEffect, useState } from 'react';
import { fetchJson } from '@/lib/http/fetch-json';

export function BackfillJob({ backfillId, changes }: { backfillId: string; changes: number }) {
  // With the time it was read: the rate and ETA are as of the reading, and render stays pure.
  const [reading, setReading] = useState<{ job: AdminBackfillJob; at: number } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchJson<AdminBackfillJob>(`/api/admin/etl/backfills/${encodeURIComponent(backfillId)}`)
      .then((next) => !cancelled && setReading({ job: next, at: Date.now() }))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [backfillId, changes]);
  if (!reading) return <p data-testid="backfill-job">Backfill {backfillId}: reading…</p>;
  const { job, at } = reading;
  const since = Date.parse(job.createdAt ?? '') || at;
  const estimate = estimateProgress(job.settled, job.queued, at - since);
  const rate = estimate.ratePerS === null ? '…' : `${(estimate.ratePerS * 60).toFixed(0)} runs/min`;
  return (
    <p
      data-testid="backfill-job"
      data-status={job.status}
      data-settled={job.settled}
      data-queued={job.queued}
      data-chunks={job.chunks}
    >
      Backfill {backfillId}: {job.status.toLowerCase()} · {job.settled} of {job.queued} queued runs settled
      {job.status === 'QUEUEING' ? ` · ${job.chunks} chunks read so far` : ''} · {rate}
      {job.status === 'DONE'
        ? ` · ${job.reaggregated?.rows ?? 0} analytics rows rebuilt`
        : ` · eta ${etaLabel(estimate)}`}
    </p>
  );
}
