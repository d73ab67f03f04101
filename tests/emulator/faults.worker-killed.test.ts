// Fault: the worker process dies between phases 3 and 4. Its lease runs out, the sweeper
// re-delivers the message, the run resumes from the start (phases are idempotent) and completes
// with no duplicate rows.
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, sql } from '../support/warehouse';
import { rowCountsForTransfer } from '../support/tables';

afterAll(closeWarehouse);

test('a worker killed before phase 4 is resumed by the redelivered message', async () => {
  const rolloverId = uniqueId('killed');
  const l = rollover({ rolloverId, amountCents: 42_00, chain: true });
  const [source, destination] = [l.sourceCustodianId, l.destinationCustodianId];
  console.log(`inject: process.exit(1) in the worker before phase "status" of ${rolloverId}`);
  await db().collection('etlFaults').doc(rolloverId).set({ phase: 'status', mode: 'exit', remaining: 1, fired: 0 });
  await writeLifecycle(l);

  const stuck = await waitFor('the worker to die holding the lease', async () => {
    const snap = await db().collection('etlRuns').doc(rolloverId).get();
    const fired = (await db().collection('etlFaults').doc(rolloverId).get()).get('fired');
    return fired === 1 && snap.get('status') === 'RUNNING' ? snap.data() : undefined;
  });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(0);

  const admin = await idTokenFor({ admin: true }, 'faults-admin');
  await waitFor('the lease to expire', async () => stuck.leaseExpiresAt.toMillis() < Date.now(), {
    timeoutMs: 20_000,
    intervalMs: 250,
  });
  const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
  expect(sweep.status).toBe(200);
  expect(sweep.body.expiredLeases).toBeGreaterThanOrEqual(1);

  await waitForCompletion(rolloverId);
  const run = await waitForRunStatus(rolloverId, 'FINISHED');
  expect(run.attempt).toBe(2);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  const counts = await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination]);
  expect(counts).toMatchObject({
    transfer: 1,
    transfer_event: 6,
    transfer_status_history: 1,
    blockchain_transaction: 1,
    token_movement: 1,
    audit_log: 1,
  });
  console.log(
    `checked: run FINISHED at attempt ${run.attempt}, one etl.completed, row counts ${JSON.stringify(counts)}`,
  );
}, 90_000);
