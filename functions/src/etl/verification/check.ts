// One verification check: a value phase 6 read back beside what it must be.
import type { VerificationCheck } from '@trustrails/contracts';

export const check = (
  name: string,
  expected: number | boolean | null,
  actual: number | boolean | null,
): VerificationCheck => ({
  check: name,
  expected,
  actual,
  // Averages are floats computed twice; anything closer than a thousandth of a millisecond is equal.
  passed:
    typeof expected === 'number' && typeof actual === 'number'
      ? Math.abs(expected - actual) < 1e-3
      : expected === actual,
});
