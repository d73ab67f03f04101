// Phase 5 and re-aggregation through the connector: every analytics window is recomputed from
// completed transfers and written back, one verified write at a time (Data Connect has no
// cross-request transaction and no advisory lock).
import type { ReaggregateCustodianInput, ReaggregateCustodianResult, ReaggregateInput, WindowFigures } from '../port';
import { GRANULARITIES, windowOf, windowsOf, type Granularity } from '../windows';
import type { Connector } from './connector';
import { int64, readInt } from './wire';
import { freshFigures, type WindowStats } from './window-stats';

/** Writes per window before giving up (a retryable error): enough for a burst of concurrent writers. */
const RECOMPUTE_WRITES = 5;

function sameFigures(current: NonNullable<WindowStats['current']>, next: WindowFigures): boolean {
  return (
    readInt(current.completedCount) === next.completedCount &&
    readInt(current.volumeCents) === next.volumeCents &&
    (current.avgCompletionMs ?? null) === next.avgCompletionMs &&
    readInt(current.inboundCount) === next.inboundCount &&
    readInt(current.outboundCount) === next.outboundCount
  );
}

/**
 * Recomputes one window from completed transfers (aggregate query, then upsert) and returns
 * whether the row changed. Data Connect has no advisory lock, so two writers can interleave and
 * a stale one write last; every write is therefore verified by reading the row back beside a
 * fresh count, and redone until they agree. Whoever writes last verifies last, so the row ends
 * equal to a fresh count. Unchanged rows are not rewritten: updatedAt (the cards' asOf) moves
 * only with the figures.
 */
export async function recomputeWindow(
  dc: Connector,
  custodianId: string,
  granularity: Granularity,
  at: Date,
): Promise<boolean> {
  const window = windowOf(granularity, at);
  let wrote = false;
  for (let write = 0; write <= RECOMPUTE_WRITES; write += 1) {
    const stats = await dc.query<WindowStats, 'GetCustodianWindowStats'>('GetCustodianWindowStats', {
      custodianId,
      granularity,
      periodStart: window.periodStart,
      from: window.start.toISOString(),
      to: window.end.toISOString(),
    });
    const next = freshFigures(stats);
    if (stats.current && sameFigures(stats.current, next)) return wrote;
    if (write === RECOMPUTE_WRITES) break;
    await dc.mutate('UpsertAnalyticsRow', {
      custodianId,
      granularity,
      periodStart: window.periodStart,
      ...next,
      volumeCents: int64(next.volumeCents),
    });
    wrote = true;
  }
  throw new Error(
    `analytics ${custodianId} ${granularity} ${window.periodStart} still differs from a fresh count after ${RECOMPUTE_WRITES} writes`,
  );
}

export async function refreshAnalytics(dc: Connector, custodianIds: string[], at: Date): Promise<void> {
  for (const custodianId of [...new Set(custodianIds)].sort()) {
    for (const granularity of GRANULARITIES) await recomputeWindow(dc, custodianId, granularity, at);
  }
}

export async function listCustodianIds(dc: Connector): Promise<string[]> {
  const { custodians } = await dc.query<{ custodians: { id: string }[] }, 'ListCustodianIds'>('ListCustodianIds', {});
  return custodians.map((c) => c.id).sort();
}

export async function reaggregateWindows(
  dc: Connector,
  input: ReaggregateInput,
): Promise<{ custodians: number; rows: number }> {
  const custodians = [...new Set(input.custodianIds ?? (await listCustodianIds(dc)))].sort();
  let rows = 0;
  for (const custodianId of custodians) {
    for (const granularity of input.granularities)
      if (await recomputeWindow(dc, custodianId, granularity, input.at)) rows += 1;
  }
  return { custodians: custodians.length, rows };
}

export async function reaggregateCustodian(
  dc: Connector,
  input: ReaggregateCustodianInput,
): Promise<ReaggregateCustodianResult> {
  // The local clock, not the service's: the caller's margin on the watermark covers the skew.
  const watermark = new Date();
  const { transfers } = await dc.query<{ transfers: { completedAt: string }[] }, 'ListTransferCompletionsChangedSince'>(
    'ListTransferCompletionsChangedSince',
    {
      custodianId: input.custodianId,
      since: (input.changedSince ?? new Date(0)).toISOString(),
    },
  );
  const days = [input.at, ...transfers.map((t) => new Date(t.completedAt))];
  const covered: ReaggregateCustodianResult['covered'] = [];
  let rows = 0;
  // Each window is its own verified write (Data Connect has no cross-request transaction); a
  // failure stops this custodian only, and its watermark stays where it was.
  for (const granularity of GRANULARITIES) {
    for (const periodStart of windowsOf(granularity, days)) {
      covered.push({ granularity, periodStart });
      if (await recomputeWindow(dc, input.custodianId, granularity, new Date(`${periodStart}T00:00:00Z`))) rows += 1;
    }
  }
  return { windows: covered.length, covered, rows, watermark };
}
