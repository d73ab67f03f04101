// A point where a test holds a worker mid-phase: the worker calls `pass()` and waits there until
// the test opens the gate, so the test can interleave two workers deterministically.
export interface Gate {
  /** Resolves once the worker is waiting at the gate. */
  reached: Promise<void>;
  open(): void;
  pass(): Promise<void>;
}

export function gate(): Gate {
  let arrive!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    reached,
    open: () => release(),
    pass: () => {
      arrive();
      return opened;
    },
  };
}
