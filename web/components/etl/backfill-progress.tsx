'use client';
// A backfill started from /etl: how many of its queued runs have settled, as a bar with the counts
// by state and an ETA from the rate so far, like the CLI's. Re-counted (POST /runs/status) each
// time the run stream reports a change, never on a timer.
import type { AdminStatusCounts } from '@trustrails/contracts';
import { useEffect, useState } from 'react';
import { adminPost } from '../../lib/etl-admin/admin-action';

const SETTLED = ['FINISHED', 'ERROR', 'PAUSED'];
const CHUNK = 1_000; // the admin API counts at most this many ids per call

export function BackfillProgress({ rolloverIds, changes }: { rolloverIds: string[]; changes: number }) {
  const [startedAt] = useState(() => Date.now());
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const total: Record<string, number> = {};
      for (let i = 0; i < rolloverIds.length; i += CHUNK) {
        const part = await adminPost<AdminStatusCounts>('runs/status', {
          rolloverIds: rolloverIds.slice(i, i + CHUNK),
        });
        for (const [status, n] of Object.entries(part)) total[status] = (total[status] ?? 0) + n;
      }
      if (!cancelled) setCounts(total);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [rolloverIds, changes]);

  const settled = SETTLED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const elapsedS = (Date.now() - startedAt) / 1000;
  const etaS =
    settled > 0 && settled < rolloverIds.length ? ((rolloverIds.length - settled) * elapsedS) / settled : null;
  return (
    <div data-testid="backfill-progress" data-settled={settled} data-total={rolloverIds.length}>
      <progress value={settled} max={rolloverIds.length} aria-label="Backfill progress" /> {settled} of{' '}
      {rolloverIds.length} settled ·{' '}
      {Object.entries(counts)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ') || 'counting…'}
      {etaS !== null ? ` · about ${Math.ceil(etaS)} s left` : settled === rolloverIds.length ? ' · done' : ''}
    </div>
  );
}
