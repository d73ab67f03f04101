// GET /data-quality on the real etlAdmin function, over rollovers the real ETL loaded: per period,
// how many completed transfers have each optional field (checked against what the events held),
// the etl.failed count by reason against the events themselves, and 401/403/400.
import { adminApi } from '../support/admin-api';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { writeEvents, type EventDoc } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'quality-admin');
});

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** A day of 2001-2020 no other test uses, so its period holds only this test's transfers. */
const lonelyDay = () => new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 7_000) * DAY_MS + 12 * 3_600_000);

/** Drops fields from an event's eventData (dot paths one level deep). */
function without(event: EventDoc, ...paths: string[]): EventDoc {
  const eventData = structuredClone(event.data.eventData) as Record<string, Record<string, unknown>>;
  for (const path of paths) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail) delete eventData[head]![tail];
    else delete eventData[head];
  }
  return { id: event.id, data: { ...event.data, eventData } };
}

test('counts each optional field per period as the events held it', async () => {
  const completedAt = lonelyDay();
  const make = (chain: boolean) => {
    const rolloverId = uniqueId('quality');
    return {
      rolloverId,
      l: rollover({ rolloverId, prefix: 'q', amountCents: 5_000, completedAt, durationMs: 3_600_000, chain }),
    };
  };
  // Full with chain rows; full without; bare: no participant name, no breakdown, no funds method.
  const full = make(true);
  const plain = make(false);
  const bare = make(false);
  const [initiated, sent, ...rest] = bare.l.before;
  const bareEvents = [
    without(initiated!, 'participant.fullName', 'financialBreakdown', 'sourceAccount.last4'),
    without(sent!, 'method'),
    ...rest,
  ];
  await writeEvents(db(), [...full.l.before, full.l.completed, ...plain.l.before, plain.l.completed]);
  await writeEvents(db(), [...bareEvents, bare.l.completed]);
  for (const { rolloverId } of [full, plain, bare]) await waitForCompletion(rolloverId);

  const day = dayOf(completedAt);
  const report = await adminApi('GET', `/data-quality?granularity=daily&from=${day}&to=${day}`, { token: admin });
  expect(report.status).toBe(200);
  expect(report.body.periods).toEqual([
    {
      periodStart: day,
      transfers: 3,
      present: {
        participantName: 2,
        sourceAccountLast4: 2,
        destinationAccountLast4: 0,
        financialBreakdown: 2,
        employerMatch: 0,
        fundsMethod: 2,
        chainRows: 1,
      },
    },
  ]);

  // Monthly, with the empty neighbouring month present as zeros.
  const month = `${day.slice(0, 7)}-01`;
  const nextMonthDay = dayOf(new Date(Date.UTC(completedAt.getUTCFullYear(), completedAt.getUTCMonth() + 1, 15)));
  const monthly = await adminApi('GET', `/data-quality?from=${month}&to=${nextMonthDay}`, { token: admin });
  expect(monthly.status).toBe(200);
  expect(monthly.body.granularity).toBe('monthly');
  expect(monthly.body.periods).toHaveLength(2);
  expect(monthly.body.periods[0].transfers).toBeGreaterThanOrEqual(3);
  expect(monthly.body.periods[1]).toMatchObject({ transfers: 0, present: { participantName: 0, chainRows: 0 } });
});

test('counts etl.failed of the range by reason, as the events say', async () => {
  const rolloverId = uniqueId('quality-bad');
  const orphan = rollover({
    rolloverId,
    sourceCustodianId: 'x',
    destinationCustodianId: 'y',
    amountCents: 1,
    durationMs: 0,
  });
  await writeLifecycle(orphan, 'completion-only');
  await waitForRunStatus(rolloverId, 'ERROR');

  const today = dayOf(new Date());
  const report = await adminApi('GET', `/data-quality?from=${today}&to=${today}&granularity=daily`, { token: admin });
  expect(report.status).toBe(200);
  const start = new Date(`${today}T00:00:00Z`);
  const events = await db()
    .collection('events')
    .where('eventType', '==', 'etl.failed')
    .where('timestamp', '>=', start)
    .where('timestamp', '<', new Date(start.getTime() + DAY_MS))
    .get();
  const recount = new Map<string, number>();
  for (const doc of events.docs) {
    const reason = String(doc.get('eventData.reason'));
    recount.set(reason, (recount.get(reason) ?? 0) + 1);
  }
  expect(report.body.failures.total).toBe(events.size);
  expect(report.body.failures.truncated).toBe(false);
  expect(
    Object.fromEntries(
      report.body.failures.byReason.map((r: { reason: string; count: number }) => [r.reason, r.count]),
    ),
  ).toEqual(Object.fromEntries(recount));
  expect(report.body.failures.total).toBeGreaterThanOrEqual(1);
});

test('401 without a token, 403 for a non-admin, 400 naming the bad parameter', async () => {
  expect((await adminApi('GET', '/data-quality?from=2031-01-01&to=2031-01-31')).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'quality-custodian');
  expect((await adminApi('GET', '/data-quality?from=2031-01-01&to=2031-01-31', { token: custodian })).status).toBe(403);
  const refused: [string, RegExp][] = [
    ['?from=2031-01-01', /to/],
    ['?from=2031-02-30&to=2031-03-01', /from/],
    ['?granularity=hourly&from=2031-01-01&to=2031-01-02', /granularity/],
    ['?granularity=daily&from=2031-01-01&to=2032-12-31', /to: the range holds more than 400/],
    ['?from=2031-03-02&to=2031-03-01', /from: 2031-03-02 is after to/],
    ['?from=2031-01-01&to=2031-01-02&custodianId=a', /custodianId/],
  ];
  for (const [query, error] of refused) {
    const response = await adminApi('GET', `/data-quality${query}`, { token: admin });
    expect({ query, status: response.status, error: response.body.error }).toEqual({
      query,
      status: 400,
      error: expect.stringMatching(error),
    });
  }
});
