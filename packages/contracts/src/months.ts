// The UTC month, as the cards name it. A module of its own, with no zod, so the dashboard can follow
// the month boundary in the browser without building a schema (see phases.ts for why that matters).
export const currentMonth = (now: Date = new Date()): string => now.toISOString().slice(0, 7);
