// Keeping a worker's lease for as long as its attempt runs: renewed on a timer, during a phase as
// well as between phases, because one phase can outlast the lease (a 30 s statement timeout tried
// up to four times against a 60 s lease). A renewal that finds the run taken marks the lease lost,
// and the worker stops at the next phase boundary; its writes are fenced meanwhile.

export interface LeaseKeeper {
  /** True once a renewal found that another delivery (or an admin's requeue) holds the run. */
  lost(): boolean;
  /** Renews no more; resolves once no renewal is in flight, so none outlives the attempt. */
  stop(): Promise<void>;
}

/**
 * Calls `renew` every `everyMs` (counted from the end of the last renewal, so two never overlap)
 * until it answers false or `stop` is called. A renewal that throws is reported and the next one
 * tried: one failed write does not cost the run, and if they keep failing the lease runs out and
 * fencing takes over.
 */
export function keepLease(
  renew: () => Promise<boolean>,
  everyMs: number,
  onError: (error: unknown) => void,
): LeaseKeeper {
  let lost = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const schedule = (): void => {
    if (stopped || lost) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = renew()
        .then(
          (held) => void (lost ||= !held),
          (error: unknown) => onError(error),
        )
        .finally(schedule);
    }, everyMs);
  };
  schedule();

  return {
    lost: () => lost,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
