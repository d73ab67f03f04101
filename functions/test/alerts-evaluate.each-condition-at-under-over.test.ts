// evaluate(): every condition breaches only when its figure is above its threshold, never at it.
import { ALERT_CONDITIONS, type AlertCondition } from '@trustrails/contracts';
import { evaluate, type AlertThresholds, type HealthFigures } from '../src/alerts/evaluate';

const now = new Date('2026-01-01T12:00:00.000Z');
const thresholds: AlertThresholds = {
  pendingCount: 10,
  bulkPendingCount: 1_000,
  oldestPendingAge: 60_000,
  processingTimeP95: 5_000,
  failuresPerHour: 3,
  deadLetters: 0,
  sweeperStale: 1_800_000,
  freshnessP95: 1_000,
};
const calm: HealthFigures = {
  livePending: 0,
  bulkPending: 0,
  oldestLivePendingAt: null,
  failuresLastHour: 0,
  processingTimeMs: { p95: null },
  freshnessMs: { p95: null },
  deadLetters: 0,
  sweeperLastSuccessAt: now.toISOString(),
};
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

/** The figures with one condition's value set to `value` and every other one calm. */
function withValue(condition: AlertCondition, value: number): HealthFigures {
  switch (condition) {
    case 'pendingCount':
      return { ...calm, livePending: value };
    case 'bulkPendingCount':
      return { ...calm, bulkPending: value };
    case 'oldestPendingAge':
      return { ...calm, livePending: 1, oldestLivePendingAt: ago(value) };
    case 'processingTimeP95':
      return { ...calm, processingTimeMs: { p95: value } };
    case 'failuresPerHour':
      return { ...calm, failuresLastHour: value };
    case 'deadLetters':
      return { ...calm, deadLetters: value };
    case 'sweeperStale':
      return { ...calm, sweeperLastSuccessAt: ago(value) };
    case 'freshnessP95':
      return { ...calm, freshnessMs: { p95: value } };
  }
}

const breachedOf = (figures: HealthFigures) =>
  evaluate(figures, thresholds, now)
    .filter((r) => r.breached)
    .map((r) => r.condition);

test('calm figures breach nothing, and every condition is evaluated', () => {
  const results = evaluate(calm, thresholds, now);
  expect(results.map((r) => r.condition).sort()).toEqual([...ALERT_CONDITIONS].sort());
  expect(results.every((r) => !r.breached && r.value === 0)).toBe(true);
});

// deadLetters' threshold is 0 (any dead letter), which has no value under it.
test.each(ALERT_CONDITIONS.filter((c) => thresholds[c] > 0))('%s under the threshold: not breached', (condition) => {
  expect(breachedOf(withValue(condition, thresholds[condition] - 1))).toEqual([]);
});

describe.each(ALERT_CONDITIONS)('%s', (condition) => {
  const limit = thresholds[condition];
  test('at the threshold: not breached', () => {
    const result = evaluate(withValue(condition, limit), thresholds, now).find((r) => r.condition === condition)!;
    expect(result).toEqual({ condition, value: limit, threshold: limit, breached: false });
  });
  test('over the threshold: breached, with its value and threshold', () => {
    const result = evaluate(withValue(condition, limit + 1), thresholds, now).find((r) => r.condition === condition)!;
    expect(result).toEqual({ condition, value: limit + 1, threshold: limit, breached: true });
    expect(breachedOf(withValue(condition, limit + 1))).toEqual([condition]);
  });
});

test('an oldest pending run in the future (clock skew) is age 0, not negative', () => {
  const figures = { ...calm, livePending: 1, oldestLivePendingAt: new Date(now.getTime() + 5_000).toISOString() };
  expect(evaluate(figures, thresholds, now).find((r) => r.condition === 'oldestPendingAge')!.value).toBe(0);
});

test('a bulk backlog counts only toward bulkPendingCount, never toward the live pendingCount', () => {
  expect(breachedOf({ ...calm, bulkPending: thresholds.bulkPendingCount + 1 })).toEqual(['bulkPendingCount']);
});

test('only the conditions given a threshold are evaluated', () => {
  const results = evaluate({ ...calm, livePending: 99, deadLetters: 5 }, { deadLetters: 0 }, now);
  expect(results).toEqual([{ condition: 'deadLetters', value: 5, threshold: 0, breached: true }]);
});
