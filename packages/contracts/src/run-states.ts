// The run states, one frozen constant. A module of its own, with no zod, so the browser can import
// it (through admin-routes.ts) without building any schema (see phases.ts for why that matters).
export const RUN_STATES = Object.freeze({
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  FINISHED: 'FINISHED',
  ERROR: 'ERROR',
  PAUSED: 'PAUSED',
} as const);
export type RunState = (typeof RUN_STATES)[keyof typeof RUN_STATES];
