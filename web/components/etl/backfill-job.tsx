'use client';
// A backfill job started from /etl, as the admin API keeps it (GET /backfills/:id): whether it is
// still queueing its range, how many of its queued runs have settled, and the rate and ETA so far
// (contracts' progress-estimate, as the CLI computes them). Re-read each time the run stream
// reports a change, never on a timer; a job of any size is one small document to read.
import type { AdminBackfillJob } from '@trustrails/contracts';
import { estimateProgress, etaLabel } from '@trustrails/contracts/progress-estimate';
import { useEffect, useState } from 'react';
import { fetchJson } from '../../lib/http/fetch-json';

export function BackfillJob({ backfillId, changes }: { backfillId: string; changes: number }) {
  const [job, setJob] = useState<AdminBackfillJob | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchJson<AdminBackfillJob>(`/api/admin/etl/backfills/${encodeURIComponent(backfillId)}`)
      .then((next) => !cancelled && setJob(next))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [backfillId, changes]);
  if (!job) return <p data-testid="backfill-job">Backfill {backfillId}: reading…</p>;
  const since = Date.parse(job.createdAt ?? '') || Date.now();
  const estimate = estimateProgress(job.settled, job.queued, Date.now() - since);
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
