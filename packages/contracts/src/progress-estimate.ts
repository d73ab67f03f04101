// How far a batch of work has got and when it should end, from the count done so far and the time
// it took: the one computation behind the CLI's backfill bar and the /etl backfill progress. No
// zod here, so the browser imports it without building a schema (see phases.ts).

export interface ProgressEstimate {
  done: number;
  total: number;
  /** 0 to 1; an empty batch is complete. */
  fraction: number;
  /** Items done per second so far; null until one is done in a measurable time. */
  ratePerS: number | null;
  /** Seconds left at that rate; null while unknown (nothing done yet) and once finished. */
  etaS: number | null;
  finished: boolean;
}

/** `done` of `total` after `elapsedMs`; a count past the total (a late duplicate) counts as the total. */
export function estimateProgress(done: number, total: number, elapsedMs: number): ProgressEstimate {
  const safeTotal = Math.max(0, total);
  const safeDone = Math.min(Math.max(0, done), safeTotal);
  const elapsedS = Math.max(0, elapsedMs) / 1000;
  const finished = safeDone >= safeTotal;
  return {
    done: safeDone,
    total: safeTotal,
    fraction: safeTotal === 0 ? 1 : safeDone / safeTotal,
    ratePerS: safeDone > 0 && elapsedS > 0 ? safeDone / elapsedS : null,
    // The time per item so far, times the items left: no rate is needed, so a batch whose first
    // items finished within the clock's resolution still gets an ETA (of 0 s).
    etaS: finished || safeDone === 0 ? null : ((safeTotal - safeDone) * elapsedS) / safeDone,
    finished,
  };
}

/** The ETA as both the CLI and /etl print it: whole seconds, `done`, or `…` while unknown. */
export const etaLabel = (estimate: ProgressEstimate): string =>
  estimate.finished ? 'done' : estimate.etaS === null ? '…' : `${Math.ceil(estimate.etaS)} s`;
