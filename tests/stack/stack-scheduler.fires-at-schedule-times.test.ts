// The local scheduler fires each scheduled function when Cloud Scheduler would: at the times of the
// schedule the function declares (ETL_MAINTENANCE_SCHEDULE), "every N minutes|hours" or unix cron, UTC.
import { UnsupportedSchedule, nextFireTime } from '../../scripts/stack/schedule-times';

const at = (iso: string) => new Date(iso);
const next = (schedule: string, after: string) => nextFireTime(schedule, at(after)).toISOString();

describe('nextFireTime', () => {
  it('takes "every N minutes|hours" on multiples of N from 00:00 UTC', () => {
    expect(next('every 15 minutes', '2026-12-07T04:29:59.000Z')).toBe('2026-12-07T04:30:00.000Z');
    expect(next('every 15 minutes', '2026-12-07T04:30:00.000Z')).toBe('2026-12-07T04:45:00.000Z');
    expect(next('every 1 minutes', '2026-12-07T23:59:30.000Z')).toBe('2026-12-08T00:00:00.000Z');
    expect(next('every 2 hours', '2026-12-07T05:00:00.000Z')).toBe('2026-12-07T06:00:00.000Z');
    // 7 does not divide the day: the last step of the day gives way to 00:00.
    expect(next('every 7 hours', '2026-12-07T21:30:00.000Z')).toBe('2026-12-08T00:00:00.000Z');
  });

  it('reads 5-field cron: steps, ranges, lists, and either day field when both are set', () => {
    expect(next('*/10 * * * *', '2026-12-07T04:31:00.000Z')).toBe('2026-12-07T04:40:00.000Z');
    expect(next('0 3 * * *', '2026-12-07T04:31:00.000Z')).toBe('2026-12-08T03:00:00.000Z');
    expect(next('5,35 9-17 * * 1-5', '2026-12-11T17:40:00.000Z')).toBe('2026-12-14T09:05:00.000Z');
    // Day 1 of the month or a Sunday (7 is Sunday too), whichever comes first.
    expect(next('0 0 1 * 7', '2026-12-07T00:00:00.000Z')).toBe('2026-12-13T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses what it cannot honour, naming it', () => {
    expect(() => nextFireTime('every day 09:00', new Date())).toThrow(UnsupportedSchedule);
    expect(() => nextFireTime('61 * * * *', new Date())).toThrow(/out of range/);
    expect(() => nextFireTime('0 9 * * *', new Date(), 'Europe/Paris')).toThrow(/UTC schedules only/);
  });
});
