// The analytics granularities. A module of its own, with no zod, so the dashboard's chart controls
// can import it in the browser without building a schema (see phases.ts for why that matters).
export const GRANULARITIES = Object.freeze(['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const);
export type Granularity = (typeof GRANULARITIES)[number];
