'use client';
// A backfill started from /etl: how many of its queued runs have settled, as a bar with the counts
// by state and an ETA from the rate so far, computed as the CLI does (contracts' progress-estimate). Re-counted (POST /runs/status) each
// time the run stream reports a change, never on a timer.
import type { AdminStatusCounts } from '@trustrails/contracts';
import { estimateProgress, etaLabel } from '@trustrails/contracts/progress-estimate';
import { SETTLED_STATES } from '@trustrails/contracts/run-states';
import { useEffect, useState } from 'react';
import { adminPost } from '@/lib/etl-admin/admin-action';

const CHUNK = 1_000; // the admin API counts at most this many ids per call

export function BackfillProgress({ rolloverIds, changes }: { rolloverIds: string[]; changes: number }) {
  const [startedAt] = useState(() => Date.now());
  // With the time they were counted: the ETA is as of the count, and render stays pure.
  const [tally, setTally] = useState<{ counts: Record<string, number>; at: number } | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const total: Record<string, number> = {};
      for (let i = 0; i < rolloverIds.length; i += CHUNK) {
        const part = await adminPost<AdminStatusCounts>('statusCounts', {
          rolloverIds: rolloverIds.slice(i, i + CHUNK),
        });
        for (const [status, n] of Object.entries(part)) total[status] = (total[status] ?? 0) + n;
      }
      if (!cancelled) setTally({ counts: total, at: Date.now() });
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [rolloverIds, changes]);

  const counts = tally?.counts ?? {};
  const settled = SETTLED_STATES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const estimate = estimateProgress(settled, rolloverIds.length, (tally?.at ?? startedAt) - startedAt);
  return (
    <div
      data-testid="backfill-progress"
      data-settled={settled}
      data-total={rolloverIds.length}
      data-eta-s={estimate.etaS === null ? undefined : Math.ceil(estimate.etaS)}
      data-done={estimate.finished ? 'true' : 'false'}
    >
      <progress value={settled} max={rolloverIds.length} aria-label="Backfill progress" /> {settled} of{' '}
      {rolloverIds.length} settled ·{' '}
      {Object.entries(counts)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ') || 'counting…'}
      {Object.keys(counts).length > 0 ? ` · eta ${etaLabel(estimate)}` : ''}
    </div>
  );
}
