// A correction (a reprocess) moves a transfer between analytics windows: it leaves the windows its
// earlier values were counted in and enters the ones its corrected values are. Both adapters
// rebuild the same set, from the same definition, in phase 2.
import type { CountedAt, RolloverAggregate } from './port';
import { GRANULARITIES, windowsOf, type Granularity } from './windows';

/** The custodians that count it, once each (a transfer to oneself has one). */
export const countedBy = (c: Pick<CountedAt, 'sourceCustodianId' | 'destinationCustodianId'>): string[] => [
  ...new Set([c.sourceCustodianId, c.destinationCustodianId]),
];

export interface CorrectionWindows {
  /** Sorted, once each. */
  custodianIds: string[];
  /** Each granularity's windows containing any of the completions, by period start (YYYY-MM-DD). */
  windows: { granularity: Granularity; periodStart: string }[];
}

/**
 * The windows phase 2 rebuilds when the transfer was counted elsewhere before (`previous`: the
 * run's record of the last revision, and/or the stored row if counted differently): for every
 * custodian old and new, each granularity's windows holding any old or the new completion. Null
 * when there is nothing before to take it out of.
 */
export function correctionWindows(previous: CountedAt[], now: RolloverAggregate): CorrectionWindows | null {
  if (previous.length === 0) return null;
  const all = [...previous, now];
  const instants = all.map((c) => c.completedAt);
  return {
    custodianIds: [...new Set(all.flatMap(countedBy))].sort(),
    windows: GRANULARITIES.flatMap((granularity) =>
      windowsOf(granularity, instants).map((periodStart) => ({ granularity, periodStart })),
    ),
  };
}
