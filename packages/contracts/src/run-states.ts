// The run states, one frozen constant, and the groupings every side uses. A module of its own, with
// no zod, so the browser can import it without building any schema (see phases.ts for why that matters).
export const RUN_STATES = Object.freeze({
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  FINISHED: 'FINISHED',
  ERROR: 'ERROR',
  PAUSED: 'PAUSED',
} as const);
export type RunState = (typeof RUN_STATES)[keyof typeof RUN_STATES];

/** Still moving on by itself: waiting for a worker, or held by one. */
export const IN_FLIGHT_STATES = Object.freeze([RUN_STATES.PENDING, RUN_STATES.RUNNING] as const);
export type InFlightState = (typeof IN_FLIGHT_STATES)[number];

/** Settled: none of these moves on by itself (a backfill counts them done; a delivery finding one is ignored). */
export const SETTLED_STATES = Object.freeze([RUN_STATES.FINISHED, RUN_STATES.ERROR, RUN_STATES.PAUSED] as const);
export type SettledState = (typeof SETTLED_STATES)[number];

/** The order an operator reads the states in: waiting, working, needing attention, done. */
export const RUN_STATE_DISPLAY_ORDER: readonly RunState[] = Object.freeze([
  RUN_STATES.PENDING,
  RUN_STATES.RUNNING,
  RUN_STATES.ERROR,
  RUN_STATES.PAUSED,
  RUN_STATES.FINISHED,
]);

/** A status read from anywhere (a document, an answer): whether it is one of the in-flight states. */
export const isInFlight = (status: string): status is InFlightState =>
  (IN_FLIGHT_STATES as readonly string[]).includes(status);

/** Whether a status is settled; 'MISSING' or an unknown value is not. */
export const isSettled = (status: string): status is SettledState =>
  (SETTLED_STATES as readonly string[]).includes(status);

/**
 * A run's progress report if it is the running attempt's: a settled run, or a newer attempt that
 * has not reported yet, has none. The one rule for the monitor's table, its run detail and the API.
 */
export function currentProgress<P extends { attempt: number }>(run: {
  status: string;
  attempt: number;
  progress?: P | null;
}): P | null {
  const progress = run.progress ?? null;
  return run.status === RUN_STATES.RUNNING && progress !== null && progress.attempt === run.attempt ? progress : null;
}
