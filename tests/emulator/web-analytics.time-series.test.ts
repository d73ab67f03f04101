// The time-series route against the emulators and the embedded PostgreSQL: real ETL output in
// every granularity, gaps as zeros, running sums checked against a recomputation from the
// transfer table, and tenancy and validation (401/403/400 naming the parameter).
jest.mock('server-only', () => ({}));

import { GRANULARITIES, type TimeSeries } from '@trustrails/contracts';
import { GET as timeSeries } from '../../web/app/api/analytics/time-series/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { waitForCompletion } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';
import { periodsFromTransfers } from '../support/tables';
import { closeWarehouse, sql } from '../support/warehouse';

afterAll(() => Promise.all([warehouse().close(), closeWarehouse()]));

const URL_BASE = 'http://localhost/api/analytics/time-series';
const get = (query: string, headers: Record<string, string> = {}) =>
  timeSeries(new Request(`${URL_BASE}${query}`, { headers }));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

test('serves every granularity from the ETL output: gaps as zeros, running sums equal to a recount', async () => {
  const custodian = uniqueId('ts-cust');
  const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 12 * 3_600_000);
  // Two completions four days ago, one two days ago, none in between or since: gaps to fill.
  const completions = [
    { at: new Date(today.getTime() - 4 * DAY_MS), amountCents: 100_00 },
    { at: new Date(today.getTime() - 4 * DAY_MS + 3_600_000), amountCents: 250_50 },
    { at: new Date(today.getTime() - 2 * DAY_MS), amountCents: 75_25 },
  ];
  const rollovers = completions.map(({ at, amountCents }, i) => {
    const rolloverId = uniqueId(`ts-r${i}`);
    // The second one is inbound: both roles count.
    const [source, destination] = i === 1 ? [uniqueId('ts-other'), custodian] : [custodian, uniqueId('ts-other')];
    const ends = { sourceCustodianId: source, destinationCustodianId: destination };
    return rollover({ rolloverId, ...ends, amountCents, completedAt: at, durationMs: 30 * 60_000 });
  });
  for (const r of rollovers) await writeLifecycle(r);
  for (const { rolloverId } of rollovers) await waitForCompletion(rolloverId);

  const token = await idTokenFor({ custodianId: custodian }, 'ts-user');
  const from = dayOf(new Date(today.getTime() - 5 * DAY_MS));
  const to = dayOf(today);

  const daily = await get(`?granularity=daily&from=${from}&to=${to}`, bearer(token));
  expect(daily.status).toBe(200);
  const dailySeries = (await daily.json()) as TimeSeries;
  expect(dailySeries.points.map((p) => p.completedCount)).toEqual([0, 2, 0, 1, 0, 0]);
  expect(dailySeries.points.map((p) => p.runningVolumeCents)).toEqual([0, 350_50, 350_50, 425_75, 425_75, 425_75]);
  expect(dailySeries.points[1]?.avgCompletionMs).toBe(30 * 60_000);
  expect(dailySeries.points[0]?.avgCompletionMs).toBeNull();
  expect(typeof dailySeries.asOf).toBe('string');

  // Every granularity (phase 5 keeps them all fresh) equals the transfer table, period by period.
  for (const granularity of GRANULARITIES) {
    const response = await get(`?custodianId=${custodian}&granularity=${granularity}&from=${from}&to=${to}`, {
      ...bearer(token),
    });
    expect(response.status).toBe(200);
    const series = (await response.json()) as TimeSeries;
    const recount = await periodsFromTransfers(sql(), custodian, granularity);
    let running = { completedCount: 0, volumeCents: 0 };
    const expected = series.points.map((p) => {
      const period = recount.get(p.periodStart) ?? { completedCount: 0, volumeCents: 0 };
      running = {
        completedCount: running.completedCount + period.completedCount,
        volumeCents: running.volumeCents + period.volumeCents,
      };
      return {
        periodStart: p.periodStart,
        completedCount: period.completedCount,
        volumeCents: period.volumeCents,
        runningCompletedCount: running.completedCount,
        runningVolumeCents: running.volumeCents,
      };
    });
    expect({ granularity, points: series.points.map(({ avgCompletionMs: _, ...p }) => p) }).toEqual({
      granularity,
      points: expected,
    });
    expect(series.points.at(-1)?.runningCompletedCount).toBe(3);
  }
});

test('answers 401, 403 and 400 with the parameter named', async () => {
  const range = 'granularity=monthly&from=2031-01-01&to=2031-06-30';
  expect((await get(`?${range}`)).status).toBe(401);
  expect((await get(`?${range}`, bearer('garbage'))).status).toBe(401);

  const custodian = await idTokenFor({ custodianId: uniqueId('ts-mine') }, 'ts-tenant');
  expect((await get(`?custodianId=someone-else&${range}`, bearer(custodian))).status).toBe(403);
  const noTenant = await idTokenFor({}, 'ts-nobody');
  expect((await get(`?${range}`, bearer(noTenant))).status).toBe(403);
  const admin = await idTokenFor({ admin: true }, 'ts-admin');
  const adminWithout = await get(`?${range}`, bearer(admin));
  expect(adminWithout.status).toBe(400);
  expect(await errorOf(adminWithout)).toMatch(/^custodianId/);

  const refused: [string, RegExp][] = [
    ['granularity=hourly&from=2031-01-01&to=2031-01-02', /^granularity: granularity must be one of daily/],
    ['from=2031-01-01&to=2031-01-02', /^granularity/],
    ['granularity=daily&from=2031-02-30&to=2031-03-02', /^from: from is not a calendar day/],
    ['granularity=daily&from=2031-01-01', /^to: to is required/],
    ['granularity=daily&from=2031-01-01&to=31-01-02', /^to: to must be YYYY-MM-DD/],
    ['granularity=daily&from=2031-03-02&to=2031-03-01', /^from: 2031-03-02 is after to/],
    ['granularity=daily&from=2031-01-01&to=2032-12-31', /^to: the range holds more than 400 daily periods/],
    [`${range}&bucket=1`, /^bucket/],
  ];
  for (const [query, error] of refused) {
    const response = await get(`?${query}`, bearer(custodian));
    expect({ query, status: response.status, error: await errorOf(response) }).toEqual({
      query,
      status: 400,
      error: expect.stringMatching(error),
    });
  }
  // The cap is on periods, not days: five years of months is fine.
  expect((await get('?granularity=monthly&from=2027-01-01&to=2031-12-31', bearer(custodian))).status).toBe(200);
});
