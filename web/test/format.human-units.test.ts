// Currency from cents and human durations, as the cards show them.
import { formatCents, formatDuration, formatMs } from '@/lib/format/format';

test('formats integer cents as dollars', () => {
  expect(formatCents(123_456)).toBe('$1,234.56');
  expect(formatCents(0)).toBe('$0.00');
});

test('formats durations in human units', () => {
  expect(formatDuration(12_000)).toBe('12 s');
  expect(formatDuration(45 * 60_000)).toBe('45 min');
  expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
  expect(formatDuration(2 * 3_600_000)).toBe('2 h');
  expect(formatDuration(27 * 3_600_000)).toBe('1 d 3 h');
  expect(formatMs(42)).toBe('42 ms');
  expect(formatMs(null)).toBe('—');
});
