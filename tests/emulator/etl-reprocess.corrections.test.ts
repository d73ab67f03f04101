// A correction flows through (issue 20, item 1): a FINISHED rollover whose source events were
// corrected (a newer rollover.completed, with a restated rollover.initiated when the parties
// change) is reprocessed by an admin through the real etlAdmin function and worker. Afterwards the
// warehouse holds one transfer with the corrected values, both the old and the new custodians'
// monthly cards (the monthly-summary route) and every granularity of their time series (the
// time-series route) equal a recount, and there is exactly one etl.completed per revision: the
// first byte for byte as before, the second new, with its revision number.
jest.mock('server-only', () => ({}));

import { Timestamp } from 'firebase-admin/firestore';
import { GRANULARITIES, type TimeSeries } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { GET as timeSeries } from '../../web/app/api/analytics/time-series/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { adminApi } from '../support/admin-api';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { writeEvents, type EventDoc } from '../support/lifecycle';
import { type Rollover, rollover, writeLifecycle } from '../support/rollover';
import { monthlyFromTransfers, periodsFromTransfers } from '../support/tables';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql } from '../support/warehouse';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'reprocess-admin');
});
afterAll(() => Promise.all([warehouse().close(), closeWarehouse()]));

const HOUR = 3_600_000;
const bearer = () => ({ authorization: `Bearer ${admin}` });

/** The signal of revision 2 and later (docs/contracts/events.md); revision 1 keeps etl-completed-{rolloverId}. */
const revisionEventId = (rolloverId: string, revision: number) => `etl-revision-${revision}-${rolloverId}`;

async function signalOf(id: string) {
  const snap = await db().collection('events').doc(id).get();
  return snap.exists ? snap.data()! : undefined;
}

/** A document as plain JSON (timestamps as ISO), so two reads compare byte for byte. */
const plain = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && 'toDate' in v ? (v as Timestamp).toDate().toISOString() : v,
  );

async function cardsOf(custodianId: string, month: string) {
  const response = await monthlySummary(
    new Request(`http://localhost/api/analytics/monthly-summary?custodianId=${custodianId}&month=${month}`, {
      headers: bearer(),
    }),
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  return { completedCount: body.completedCount, volumeCents: body.volumeCents, avgCompletionMs: body.avgCompletionMs };
}

/** Every point of every granularity over 2026 equals a recount from the transfer table (zero where none). */
async function expectTimeSeriesExact(custodianId: string) {
  for (const granularity of GRANULARITIES) {
    // Daily and weekly over the two months the tests use; the others over the year.
    const [from, to] =
      granularity === 'daily' || granularity === 'weekly' ? ['2026-03-01', '2026-04-30'] : ['2026-01-01', '2026-12-31'];
    const response = await timeSeries(
      new Request(
        `http://localhost/api/analytics/time-series?custodianId=${custodianId}&granularity=${granularity}&from=${from}&to=${to}`,
        { headers: bearer() },
      ),
    );
    expect(response.status).toBe(200);
    const series = (await response.json()) as TimeSeries;
    const recount = await periodsFromTransfers(sql(), custodianId, granularity);
    const served = series.points.map((p) => ({
      granularity,
      periodStart: p.periodStart,
      completedCount: p.completedCount,
      volumeCents: p.volumeCents,
    }));
    const expected = series.points.map((p) => ({
      granularity,
      periodStart: p.periodStart,
      completedCount: recount.get(p.periodStart)?.completedCount ?? 0,
      volumeCents: recount.get(p.periodStart)?.volumeCents ?? 0,
    }));
    expect(served).toEqual(expected);
  }
}

async function transferRows(rolloverId: string) {
  const { rows } = await sql().query<{
    id: string;
    amount_cents: string;
    source_custodian_id: string;
    destination_custodian_id: string;
    destination_account_id: string;
    completed_at: Date;
    status: string;
  }>(
    `SELECT id, amount_cents::text, source_custodian_id, destination_custodian_id, destination_account_id, completed_at, status
     FROM transfer WHERE rollover_id = $1`,
    [rolloverId],
  );
  return rows;
}

async function childRowCounts(transferId: string) {
  const { rows } = await sql().query(
    `SELECT (SELECT count(*) FROM financial_breakdown WHERE transfer_id = $1)::int AS financial_breakdown,
            (SELECT count(*) FROM transfer_status_history WHERE transfer_id = $1)::int AS transfer_status_history,
            (SELECT count(*) FROM audit_log WHERE entity_type = 'transfer' AND entity_id = $1)::int AS audit_log,
            (SELECT count(*) FROM blockchain_transaction WHERE transfer_id = $1)::int AS blockchain_transaction,
            (SELECT count(*) FROM token_movement WHERE transfer_id = $1)::int AS token_movement`,
    [transferId],
  );
  return rows[0];
}

/** A newer copy of an event with some eventData corrected, written after the original. */
function corrected(event: EventDoc, id: string, eventData: Record<string, unknown>, at: Date): EventDoc {
  const original = event.data.eventData as Record<string, unknown>;
  return { id, data: { ...event.data, timestamp: Timestamp.fromDate(at), eventData: { ...original, ...eventData } } };
}

async function reprocessAndWaitForRevision(rolloverId: string, revision: number) {
  const answer = await adminApi('POST', `/runs/${rolloverId}/reprocess`, { token: admin, body: {} });
  expect(answer).toMatchObject({ status: 200, body: { rolloverId, action: 'reprocess', status: 'PENDING' } });
  await waitFor(`revision ${revision} of ${rolloverId}`, () => signalOf(revisionEventId(rolloverId, revision)), {
    timeoutMs: 60_000,
  });
  return waitForRunStatus(rolloverId, 'FINISHED', 30_000);
}

async function loadRollover(r: Rollover) {
  await writeLifecycle(r);
  await waitForCompletion(r.rolloverId, 120_000);
  await waitForRunStatus(r.rolloverId, 'FINISHED');
}

test('a corrected amount (and completion time) replaces the rows and re-aggregates the old and new windows', async () => {
  const completedAt = new Date('2026-03-10T12:00:00Z');
  const l = rollover({ prefix: 'rp-amt', amountCents: 1_000_00, completedAt, durationMs: HOUR, chain: true });
  const { rolloverId, sourceCustodianId: source, destinationCustodianId: destination } = l;
  // Another rollover between the same custodians in the same month: it must stay counted once.
  const ends = { sourceCustodianId: source, destinationCustodianId: destination };
  const otherAt = new Date('2026-03-12T08:00:00Z');
  const other = rollover({
    prefix: 'rp-amt-other',
    ...ends,
    amountCents: 500_00,
    completedAt: otherAt,
    durationMs: 2 * HOUR,
  });
  await loadRollover(other);
  await loadRollover(l);
  const firstSignal = plain(await signalOf(`etl-completed-${rolloverId}`));
  expect(await cardsOf(source, '2026-03')).toEqual({
    completedCount: 2,
    volumeCents: 1_500_00,
    avgCompletionMs: 1.5 * HOUR,
  });

  // The platform corrects the amount and the completion time: a week later, another day and week.
  const correctedAt = new Date('2026-03-17T11:00:00Z');
  await writeEvents(db(), [
    corrected(
      l.completed,
      `${rolloverId}-completed-corrected`,
      { amountCents: 1_234_56, completedAt: correctedAt.toISOString() },
      new Date(),
    ),
  ]);
  // A repeated rollover.completed alone changes nothing: the run stays FINISHED, revision 1.
  await waitFor('the correction counted as a duplicate', async () =>
    ((await db().doc(`etlRuns/${rolloverId}`).get()).get('duplicateEventIds') as string[] | undefined)?.length
      ? true
      : undefined,
  );

  const run = await reprocessAndWaitForRevision(rolloverId, 2);
  expect(run.revision).toBe(2);

  // One signal per revision: the first unchanged, the second new and numbered.
  expect(plain(await signalOf(`etl-completed-${rolloverId}`))).toBe(firstSignal);
  expect(JSON.parse(firstSignal).eventData).not.toHaveProperty('revision');
  const completions = await eventsOf(rolloverId, 'etl.completed');
  expect(completions.map((e) => e.id).sort()).toEqual(
    [`etl-completed-${rolloverId}`, revisionEventId(rolloverId, 2)].sort(),
  );
  const second = (await signalOf(revisionEventId(rolloverId, 2)))!;
  expect(second).toMatchObject({
    eventType: 'etl.completed',
    rolloverId,
    userId: 'system-etl',
    source: 'master-etl-orchestrator',
    eventData: { revision: 2, sourceCustodianId: source, destinationCustodianId: destination },
  });

  // One transfer row, with the corrected values; its child rows once each.
  const transfers = await transferRows(rolloverId);
  expect(transfers).toHaveLength(1);
  expect(transfers[0]).toMatchObject({ amount_cents: '123456', completed_at: correctedAt, status: 'completed' });
  expect(await childRowCounts(transfers[0]!.id)).toEqual({
    financial_breakdown: 1,
    transfer_status_history: 1,
    audit_log: 1,
    blockchain_transaction: 1,
    token_movement: 1,
  });

  // Both custodians' cards: the other rollover plus the corrected one, counted once.
  const expectedCards = {
    completedCount: 2,
    volumeCents: 500_00 + 1_234_56,
    avgCompletionMs: (2 * HOUR + (correctedAt.getTime() - (completedAt.getTime() - HOUR))) / 2,
  };
  for (const custodian of [source, destination]) {
    expect(await cardsOf(custodian, '2026-03')).toEqual(expectedCards);
    expect(await monthlyFromTransfers(sql(), custodian, '2026-03')).toEqual(expectedCards);
    await expectTimeSeriesExact(custodian);
  }
}, 300_000);

test('a corrected destination custodian moves the transfer: the old custodian loses it, the new one gains it', async () => {
  const completedAt = new Date('2026-04-02T10:00:00Z');
  const l = rollover({ prefix: 'rp-cus', amountCents: 777_00, completedAt, durationMs: 3 * HOUR });
  const { rolloverId, sourceCustodianId: source, destinationCustodianId: wrongDestination } = l;
  const rightDestination = uniqueId('rp-cus-new');
  await loadRollover(l);
  const firstSignal = plain(await signalOf(`etl-completed-${rolloverId}`));
  expect(await cardsOf(wrongDestination, '2026-04')).toMatchObject({ completedCount: 1, volumeCents: 777_00 });

  // The platform restates the rollover with the right destination (its custodian and account),
  // and completes it again with the same completion time.
  const now = Date.now();
  const initiated = l.before.find((e) => e.data.eventType === 'rollover.initiated')!;
  await writeEvents(db(), [
    corrected(
      initiated,
      `${rolloverId}-initiated-corrected`,
      {
        destinationCustodianId: rightDestination,
        destinationAccount: { accountId: `dst2-${rolloverId}`, accountType: 'ira' },
      },
      new Date(now),
    ),
    corrected(
      l.completed,
      `${rolloverId}-completed-corrected`,
      { destinationCustodianId: rightDestination, completedAt: completedAt.toISOString() },
      new Date(now + 1),
    ),
  ]);

  await reprocessAndWaitForRevision(rolloverId, 2);
  expect(plain(await signalOf(`etl-completed-${rolloverId}`))).toBe(firstSignal);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(2);
  const second = (await signalOf(revisionEventId(rolloverId, 2)))!;
  expect(second.eventData).toMatchObject({
    revision: 2,
    sourceCustodianId: source,
    destinationCustodianId: rightDestination,
  });
  // Every custodian whose cards changed, the old destination included, so its dashboard refreshes.
  expect([...(second.eventData.custodianIds as string[])].sort()).toEqual(
    [source, wrongDestination, rightDestination].sort(),
  );

  const transfers = await transferRows(rolloverId);
  expect(transfers).toHaveLength(1);
  expect(transfers[0]).toMatchObject({
    destination_custodian_id: rightDestination,
    destination_account_id: `dst2-${rolloverId}`,
  });

  expect(await cardsOf(wrongDestination, '2026-04')).toEqual({
    completedCount: 0,
    volumeCents: 0,
    avgCompletionMs: null,
  });
  const moved = { completedCount: 1, volumeCents: 777_00, avgCompletionMs: 3 * HOUR };
  expect(await cardsOf(rightDestination, '2026-04')).toEqual(moved);
  expect(await cardsOf(source, '2026-04')).toEqual(moved);
  for (const custodian of [source, wrongDestination, rightDestination]) await expectTimeSeriesExact(custodian);
}, 300_000);
