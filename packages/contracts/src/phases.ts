// The six ETL phases, in order. A module of its own, with no zod, so the browser can import it
// without building any schema: zod probes `Function('')` when it builds an object schema, which the
// dashboard's Content-Security-Policy (no 'unsafe-eval') reports as a violation.
export const PHASES = Object.freeze(['extract', 'core', 'chain', 'status', 'analytics', 'verify'] as const);
export type Phase = (typeof PHASES)[number];
