// One analytics window as the connector reads it (GetCustodianWindowStats, and each window of
// GetRolloverWindowStats): the stored row, and the completed transfers' aggregates to recount it
// from. Phase 5's recompute and phase 6's read-back read the figures the same way.
import type { WindowFigures } from '../port';
import { readInt } from './wire';

export interface WindowStats {
  current: {
    completedCount: number;
    volumeCents: string;
    avgCompletionMs: number | null;
    inboundCount: number;
    outboundCount: number;
  } | null;
  all: { _count: number; amountCents_sum: string | null; durationMs_avg: number | null }[];
  inbound: { _count: number }[];
  outbound: { _count: number }[];
}

/** The window's figures recounted from its completed transfers. */
export function freshFigures(stats: WindowStats): WindowFigures {
  const all = stats.all[0];
  const completedCount = readInt(all?._count);
  return {
    completedCount,
    volumeCents: readInt(all?.amountCents_sum),
    avgCompletionMs: completedCount > 0 && all?.durationMs_avg != null ? Number(all.durationMs_avg) : null,
    inboundCount: readInt(stats.inbound[0]?._count),
    outboundCount: readInt(stats.outbound[0]?._count),
  };
}

/** The stored row's figures (null: no row). */
export function storedFigures(current: WindowStats['current']): WindowFigures | null {
  if (!current) return null;
  return {
    completedCount: readInt(current.completedCount),
    volumeCents: readInt(current.volumeCents),
    avgCompletionMs: current.avgCompletionMs ?? null,
    inboundCount: readInt(current.inboundCount),
    outboundCount: readInt(current.outboundCount),
  };
}
