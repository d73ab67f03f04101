// A bulk lane whose chain of dispatches was lost (every slot handed on to nothing: a delivery died
// before passing its slot) is started again by the sweeper, which tops it up, and only up to the
// bound: runs waiting for a slot, however long they have waited, are not re-delivered as stuck.
import { Timestamp } from 'firebase-admin/firestore';
import { db } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { completedWithoutRuns, watchBulkLane } from '../support/bulk-lane';
import { eventsOf } from '../support/etl';
import { waitFor } from '../support/wait';
import { closeWarehouse } from '../support/warehouse';
import { claimRun } from '../../functions/src/etl/run-state';

const CONCURRENCY = Number(process.env.ETL_BULK_CONCURRENCY ?? 2);
const WAITING = 6;

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'bulk-lane-sweeper-admin');
});
afterAll(() => closeWarehouse());

const runOf = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data();

test('the sweeper tops up a lane whose chain was lost, without re-delivering the runs that wait', async () => {
  const { rolloverIds } = await completedWithoutRuns(WAITING, new Date(Date.UTC(2026, 1, 3, 9)), 'lane-sweep');
  // Queued in the bulk lane by the real transition, with no top-up after it: the lost chain. They
  // have waited far longer than ETL_SWEEP_PENDING_AFTER_SECONDS, as under a long backfill.
  const longAgo = Timestamp.fromMillis(Date.now() - 3_600_000);
  for (const id of rolloverIds) {
    expect(await claimRun(db(), id, `${id}-completed`, 'bulk')).toMatchObject({ publish: null, queued: true });
    await db().collection('etlRuns').doc(id).update({ updatedAt: longAgo });
  }
  for (const id of rolloverIds) expect(await runOf(id)).toMatchObject({ status: 'PENDING', dispatched: false });

  const lane = watchBulkLane(rolloverIds);
  try {
    const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
    expect(sweep.status).toBe(200);
    expect(sweep.body.bulkDispatched).toBeGreaterThan(0);
    expect(sweep.body.bulkDispatched).toBeLessThanOrEqual(CONCURRENCY);

    await waitFor(
      `the lane to finish all ${WAITING} runs after one sweep`,
      async () => (await Promise.all(rolloverIds.map(runOf))).every((r) => r?.status === 'FINISHED'),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  } finally {
    lane.stop();
  }
  expect(lane.maxInFlight()).toBeLessThanOrEqual(CONCURRENCY);
  expect(lane.maxUndispatchedRunning()).toBe(0);
  for (const id of rolloverIds) {
    const run = await runOf(id);
    // Taken once each: the sweep re-delivered none of them.
    expect(run).toMatchObject({ status: 'FINISHED', dispatched: true, attempt: 1 });
    expect(run?.sweptAt).toBeUndefined();
    expect(await eventsOf(id, 'etl.completed')).toHaveLength(1);
  }
}, 180_000);
