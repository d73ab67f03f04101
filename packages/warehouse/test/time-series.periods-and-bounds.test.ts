// The periods a time-series request covers: every granularity's boundaries, the point cap and
// from-after-to refused with the parameter named.
import { MAX_TIME_SERIES_POINTS } from '@trustrails/contracts';
import { TimeSeriesRangeError, timeSeriesPeriods } from '../src/time-series';

const periods = (granularity: Parameters<typeof timeSeriesPeriods>[0]['granularity'], from: string, to: string) =>
  timeSeriesPeriods({ granularity, from, to }, MAX_TIME_SERIES_POINTS);

describe('timeSeriesPeriods', () => {
  it.each([
    ['daily', '2031-02-27', '2031-03-02', ['2031-02-27', '2031-02-28', '2031-03-01', '2031-03-02']],
    // 2031-03-12 is a Wednesday: its week starts on Monday the 10th.
    ['weekly', '2031-03-12', '2031-03-24', ['2031-03-10', '2031-03-17', '2031-03-24']],
    ['monthly', '2031-11-30', '2032-02-01', ['2031-11-01', '2031-12-01', '2032-01-01', '2032-02-01']],
    ['quarterly', '2031-02-15', '2031-07-01', ['2031-01-01', '2031-04-01', '2031-07-01']],
    ['yearly', '2030-12-31', '2031-01-01', ['2030-01-01', '2031-01-01']],
    ['monthly', '2031-03-15', '2031-03-15', ['2031-03-01']],
  ] as const)('%s from %s to %s', (granularity, from, to, expected) => {
    expect(periods(granularity, from, to)).toEqual(expected);
  });

  it('allows exactly the cap and refuses one period more, naming `to`', () => {
    // 2031-01-01 + 399 days is 2032-02-04 (2032 is a leap year, after February's end).
    expect(periods('daily', '2031-01-01', '2032-02-04')).toHaveLength(MAX_TIME_SERIES_POINTS);
    expect(() => periods('daily', '2031-01-01', '2032-02-05')).toThrow(TimeSeriesRangeError);
    expect(() => periods('daily', '2031-01-01', '2032-02-05')).toThrow(/^to: the range holds more than 400 daily/);
  });

  it('refuses from after to, naming `from`', () => {
    expect(() => periods('monthly', '2031-03-02', '2031-03-01')).toThrow(/^from: 2031-03-02 is after to 2031-03-01/);
  });
});
