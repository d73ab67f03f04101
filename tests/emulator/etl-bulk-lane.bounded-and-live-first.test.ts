// A backfill goes through the bulk lane: at most ETL_BULK_CONCURRENCY of its runs are in flight
// at once (a Firestore listener watches the whole lane), every run finishes with exactly one
// etl.completed, and a live rollover completed meanwhile is not queued behind it. An admin retry
// goes to the bulk lane too.
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { completedWithoutRuns, watchBulkLane } from '../support/bulk-lane';
import { eventsOf, waitForRunStatus } from '../support/etl';
import { writeEvents } from '../support/lifecycle';
import { completeRollover, rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse } from '../support/warehouse';

/** The test stack's setting (scripts/stack/exec.ts). */
const CONCURRENCY = Number(process.env.ETL_BULK_CONCURRENCY ?? 2);
const BACKFILL = 30;

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'bulk-lane-admin');
});
afterAll(() => closeWarehouse());

const runOf = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data();

test('a backfill never has more than ETL_BULK_CONCURRENCY runs in flight, and a live rollover overtakes it', async () => {
  expect(CONCURRENCY).toBeLessThan(BACKFILL / 4);
  const day = new Date(Date.UTC(2026, 0, 14, 9));
  const { custodianId, rolloverIds } = await completedWithoutRuns(BACKFILL, day, 'lane');
  for (const id of rolloverIds) expect(await runOf(id)).toBeUndefined();

  const lane = watchBulkLane(rolloverIds);
  try {
    const backfill = await adminApi('POST', '/backfill', {
      token: admin,
      body: { from: '2026-01-14', to: '2026-01-15', custodianId },
      timeoutMs: 120_000,
    });
    expect(backfill.status).toBe(200);
    expect(backfill.body).toMatchObject({ completions: BACKFILL, enqueued: BACKFILL });

    // A live completion while the backfill's runs wait.
    const liveId = (await completeRollover({ prefix: 'lane-live', amountCents: 4_200 }, 20_000)).rolloverId;
    const waiting = (await Promise.all(rolloverIds.map(runOf))).filter((r) => r?.status === 'PENDING');
    expect(waiting.length).toBeGreaterThan(0);
    expect(await runOf(liveId)).toMatchObject({ lane: 'live', status: 'FINISHED' });

    await waitFor(
      `all ${BACKFILL} backfilled runs to finish`,
      async () => (await Promise.all(rolloverIds.map(runOf))).every((r) => r?.status === 'FINISHED'),
      { timeoutMs: 180_000, intervalMs: 500 },
    );
  } finally {
    lane.stop();
  }
  expect(lane.maxInFlight()).toBeGreaterThan(0);
  expect(lane.maxInFlight()).toBeLessThanOrEqual(CONCURRENCY);
  expect(lane.maxUndispatchedRunning()).toBe(0);
  for (const id of rolloverIds) {
    expect(await runOf(id)).toMatchObject({ lane: 'bulk', dispatched: true, status: 'FINISHED' });
    expect(await eventsOf(id, 'etl.completed')).toHaveLength(1);
  }
}, 300_000);

test('an admin retry re-opens the run in the bulk lane, and the lane finishes it', async () => {
  const rolloverId = uniqueId('lane-retry');
  const l = rollover({ rolloverId, prefix: 'lane-retry', amountCents: 700 });
  // Without rollover.initiated the run fails for good; with it written, a retry can heal it.
  await writeLifecycle(l, 'without-initiated');
  await waitForRunStatus(rolloverId, 'ERROR');
  expect(await runOf(rolloverId)).toMatchObject({ lane: 'live' });
  await writeEvents(db(), [l.before[0]!]);

  const retry = await adminApi('POST', '/retry', { token: admin, body: { rolloverId } });
  expect(retry.status).toBe(200);
  expect(await runOf(rolloverId)).toMatchObject({ lane: 'bulk' });
  await waitForRunStatus(rolloverId, 'FINISHED', 60_000);
  expect(await runOf(rolloverId)).toMatchObject({ lane: 'bulk', dispatched: true, claim: 2 });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
}, 120_000);
