// When an open dashboard moves to the next UTC month (hooks/use-utc-month.ts waits these delays).
import { MAX_TIMER_MS, msUntilNextUtcMonth, nextMonthCheckMs } from '@/lib/analytics/utc-month';

test('the wait ends at the first instant of the next UTC month', () => {
  expect(msUntilNextUtcMonth(new Date('2026-12-31T23:59:50.000Z'))).toBe(10_000);
  expect(msUntilNextUtcMonth(new Date('2027-02-28T23:00:00.000Z'))).toBe(3_600_000);
  // At the boundary itself the current month has just begun: a whole month to wait.
  expect(msUntilNextUtcMonth(new Date('2027-01-01T00:00:00.000Z'))).toBe(31 * 86_400_000);
});

test('a boundary further off than the longest timer waits the longest timer, never an overflow', () => {
  const start = new Date('2027-01-01T00:00:00.000Z');
  expect(nextMonthCheckMs(start)).toBe(MAX_TIMER_MS);
  expect(nextMonthCheckMs(new Date('2027-01-31T12:00:00.000Z'))).toBe(12 * 3_600_000);
});
