// Scheduled jobs' status and parameterised re-aggregation on the real etlAdmin function: each run
// records its time, success, duration, rows and the windows it covered (GET /schedules); a
// re-aggregation of a range, a granularity and a custodian repairs exactly that; bad parameters get
// 400 naming them.
import { AdminScheduleStatus, COVERED_WINDOWS_CAP } from '@trustrails/contracts';
import { adminApi } from '../support/admin-api';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { completeRollover } from '../support/rollover';
import { closeWarehouse, sql } from '../support/warehouse';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'schedules-admin');
});
afterAll(() => closeWarehouse());

const jobOf = async (job: string) =>
  ((await adminApi('GET', '/schedules', { token: admin })).body.jobs as { job: string }[]).find(
    (j) => j.job === job,
  ) as Record<string, unknown> | undefined;

/** The job's record as the contract reads it. */
const parsedJobOf = async (job: string) =>
  AdminScheduleStatus.parse((await adminApi('GET', '/schedules', { token: admin })).body).jobs.find(
    (j) => j.job === job,
  )!;

/** One finished rollover of a new custodian, completed at `completedAt`. */
async function custodianWithTransfer(prefix: string, completedAt: Date): Promise<string> {
  const custodian = uniqueId(`${prefix}-cust`);
  await completeRollover({ prefix, sourceCustodianId: custodian, amountCents: 4_200, completedAt });
  return custodian;
}

test('a sweep records its run: time, success, trigger, duration and what it changed', async () => {
  const before = Date.now();
  expect((await adminApi('POST', '/sweep', { token: admin, body: {} })).status).toBe(200);
  const sweep = await jobOf('sweep');
  expect(sweep).toMatchObject({
    lastTrigger: 'admin',
    lastError: null,
    lastDurationMs: expect.any(Number),
    lastRowsChanged: expect.any(Number),
    // A sweep rebuilds no analytics window.
    lastCoveredWindows: null,
  });
  expect(Date.parse(String(sweep!.lastRunAt))).toBeGreaterThanOrEqual(before - 5_000);
  expect(sweep!.lastSuccessAt).toBe(sweep!.lastRunAt);
});

test('re-aggregating one custodian, granularity and range repairs that window and is recorded', async () => {
  const completedAt = new Date('2030-05-14T12:00:00Z'); // a Tuesday: its week starts 2030-05-13
  const custodian = await custodianWithTransfer('sched', completedAt);
  const row = () =>
    sql()
      .query(
        `SELECT completed_count FROM analytics_time_series WHERE custodian_id = $1 AND granularity = 'weekly' AND period_start = '2030-05-13'`,
        [custodian],
      )
      .then((r) => r.rows[0]?.completed_count as number | undefined);
  await sql().query(
    `UPDATE analytics_time_series SET completed_count = 99 WHERE custodian_id = $1 AND granularity = 'weekly'`,
    [custodian],
  );
  expect(await row()).toBe(99);

  const rebuilt = await adminApi('POST', '/reaggregate', {
    token: admin,
    body: { custodianId: custodian, granularity: 'weekly', from: '2030-05-01', to: '2030-05-31' },
  });
  expect(rebuilt.status).toBe(200);
  expect(rebuilt.body).toMatchObject({ failed: [] });
  expect(rebuilt.body.rows).toBeGreaterThanOrEqual(1);
  expect(await row()).toBe(1);
  expect(await jobOf('reaggregate')).toMatchObject({
    lastTrigger: 'admin',
    lastError: null,
    lastRowsChanged: rebuilt.body.rows,
    lastWindows: rebuilt.body.windows,
  });
  // The windows themselves: the weeks of May 2030 for that custodian, the repaired one among them.
  const covered = (await parsedJobOf('reaggregate')).lastCoveredWindows!;
  expect(covered.more).toBe(0);
  expect(covered.windows.length).toBeGreaterThanOrEqual(4);
  expect(covered.windows).toContainEqual({ custodianId: custodian, granularity: 'weekly', periodStart: '2030-05-13' });
  expect(covered.windows.every((w) => w.custodianId === custodian && w.granularity === 'weekly')).toBe(true);
});

test('a custodian re-aggregated in full records each window it rebuilt, by granularity and period', async () => {
  const custodian = await custodianWithTransfer('sched-full', new Date('2031-08-20T09:00:00Z'));
  const rebuilt = await adminApi('POST', '/reaggregate', {
    token: admin,
    body: { custodianId: custodian, force: true },
  });
  expect(rebuilt.status).toBe(200);
  const job = await parsedJobOf('reaggregate');
  const windows = job.lastCoveredWindows!.windows;
  // Every window holding the transfer, one per granularity (plus the current ones).
  for (const [granularity, periodStart] of [
    ['daily', '2031-08-20'],
    ['weekly', '2031-08-18'],
    ['monthly', '2031-08-01'],
    ['quarterly', '2031-07-01'],
    ['yearly', '2031-01-01'],
  ])
    expect(windows).toContainEqual({ custodianId: custodian, granularity, periodStart });
  expect(windows.length + job.lastCoveredWindows!.more).toBe(job.lastWindows);
});

test('a long range lists the first windows and counts the rest, so the record stays small', async () => {
  const custodian = await custodianWithTransfer('sched-cap', new Date('2032-03-10T09:00:00Z'));
  const rebuilt = await adminApi('POST', '/reaggregate', {
    token: admin,
    body: { custodianId: custodian, granularity: 'daily', from: '2032-03-01', to: '2032-03-31' },
  });
  expect(rebuilt.status).toBe(200);
  const job = await parsedJobOf('reaggregate');
  expect(job.lastWindows).toBe(31);
  expect(job.lastCoveredWindows!.windows).toHaveLength(COVERED_WINDOWS_CAP);
  expect(job.lastCoveredWindows!.more).toBe(31 - COVERED_WINDOWS_CAP);
  expect(job.lastCoveredWindows!.windows[0]).toEqual({
    custodianId: custodian,
    granularity: 'daily',
    periodStart: '2032-03-01',
  });
});

test('bad parameters get 400 naming them; 401 and 403', async () => {
  const refused: [unknown, RegExp][] = [
    [{ from: '2030-05-01' }, /from: give both from and to/],
    [{ granularity: 'weekly' }, /granularity needs a range/],
    [{ force: true, from: '2030-05-01', to: '2030-05-02' }, /force/],
    [{ from: '2030-02-30', to: '2030-03-01' }, /from/],
    [{ granularity: 'hourly', from: '2030-05-01', to: '2030-05-02' }, /granularity/],
    [{ granularity: 'daily', from: '2030-01-01', to: '2031-12-31' }, /more than 400 daily/],
    [{ bucket: 1 }, /bucket/],
  ];
  for (const [body, error] of refused) {
    const response = await adminApi('POST', '/reaggregate', { token: admin, body });
    expect({ body, status: response.status, error: response.body.error }).toEqual({
      body,
      status: 400,
      error: expect.stringMatching(error),
    });
  }
  expect((await adminApi('GET', '/schedules')).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'schedules-custodian');
  expect((await adminApi('GET', '/schedules', { token: custodian })).status).toBe(403);
  expect((await adminApi('POST', '/reaggregate', { token: custodian, body: {} })).status).toBe(403);
});
