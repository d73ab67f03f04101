// The backfill estimate shared by the CLI's bar and /etl: the fraction, the rate, the ETA from the
// time per item so far, and the edges (nothing done yet, an empty batch, a count past the total,
// no measurable time, a clock that went back).
import { estimateProgress, etaLabel } from '../src/progress-estimate';

test('a quarter done in 10 s: 0.1 per second, 30 s left', () => {
  const e = estimateProgress(25, 100, 10_000);
  expect(e).toEqual({ done: 25, total: 100, fraction: 0.25, ratePerS: 2.5, etaS: 30, finished: false });
  expect(etaLabel(e)).toBe('30 s');
});

test('the ETA follows the rate: the same count done faster leaves less time', () => {
  expect(estimateProgress(3, 4, 3_000).etaS).toBe(1);
  expect(estimateProgress(3, 4, 1_500).etaS).toBe(0.5);
  expect(etaLabel(estimateProgress(3, 4, 1_500))).toBe('1 s');
});

test('nothing done yet: no rate and no ETA, however long it has waited', () => {
  const e = estimateProgress(0, 10, 60_000);
  expect(e).toMatchObject({ fraction: 0, ratePerS: null, etaS: null, finished: false });
  expect(etaLabel(e)).toBe('…');
});

test('all done: finished, no ETA, labelled done', () => {
  const e = estimateProgress(10, 10, 5_000);
  expect(e).toMatchObject({ fraction: 1, ratePerS: 2, etaS: null, finished: true });
  expect(etaLabel(e)).toBe('done');
});

test('an empty batch is complete at once', () => {
  expect(estimateProgress(0, 0, 0)).toEqual({
    done: 0,
    total: 0,
    fraction: 1,
    ratePerS: null,
    etaS: null,
    finished: true,
  });
});

test('a count past the total counts as the total; a negative one as none', () => {
  expect(estimateProgress(12, 10, 1_000)).toMatchObject({ done: 10, fraction: 1, finished: true });
  expect(estimateProgress(-1, 10, 1_000)).toMatchObject({ done: 0, fraction: 0, etaS: null });
});

test('items done within the clock resolution, or a clock that went back: no rate, an ETA of 0', () => {
  expect(estimateProgress(2, 4, 0)).toMatchObject({ ratePerS: null, etaS: 0, finished: false });
  expect(estimateProgress(2, 4, -500)).toMatchObject({ ratePerS: null, etaS: 0 });
  expect(etaLabel(estimateProgress(2, 4, 0))).toBe('0 s');
});
