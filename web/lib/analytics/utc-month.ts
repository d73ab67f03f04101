// The cards show the current UTC month. An open tab must move to the new month when it begins,
// not keep the month it was rendered in; these say when that happens.
/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Milliseconds from `now` to the first instant of the next UTC month. */
export function msUntilNextUtcMonth(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime();
}

/**
 * The delay to wait before looking at the month again: until the boundary, or the longest timer
 * when the boundary is further off (a 31-day month), after which the caller simply waits again.
 */
export function nextMonthCheckMs(now: Date): number {
  return Math.min(msUntilNextUtcMonth(now), MAX_TIMER_MS);
}
