// One run's controls on the real etlAdmin function and worker: cancel a RUNNING run (slowed with
// the fault hook) and see it PAUSED at its checkpoint, resume it and see FINISHED with one
// etl.completed and the checkpointed phases skipped; force a stuck RUNNING run back to PENDING and
// see it finish; every other transition is 409; 401/403/404/400.
import { takeRun } from '../../functions/src/etl/run-state';
import { adminApi } from '../support/admin-api';
import { claimRunByHand, eventsOf, waitForRunStatus } from '../support/etl';
import { holdBeforePhase, waitForHold } from '../support/fault-hook';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'controls-admin');
});

const control = (rolloverId: string, action: string, token = admin, body: unknown = {}) =>
  adminApi('POST', `/runs/${rolloverId}/${action}`, { token, body });
const run = async (rolloverId: string) => (await db().doc(`etlRuns/${rolloverId}`).get()).data()!;

test('cancel stops a running run at a phase boundary; resume goes on after the checkpoint to one etl.completed', async () => {
  const rolloverId = uniqueId('ctl-cancel');
  // Phase 4 (status) waits 10 s before it runs: the cancel lands inside that hold, so the run stops
  // after status, however long the trigger and worker took to get there.
  await holdBeforePhase(rolloverId, 'status', 10_000);
  await writeLifecycle(rollover({ rolloverId, prefix: 'ctl', amountCents: 12_00 }));
  await waitForHold(rolloverId);

  const cancelled = await control(rolloverId, 'cancel');
  expect(cancelled).toMatchObject({ status: 200, body: { rolloverId, action: 'cancel', status: 'RUNNING' } });
  await waitForRunStatus(rolloverId, 'PAUSED', 30_000);
  const paused = await run(rolloverId);
  expect(paused.checkpoint.phase).toBe('status');
  expect(paused.cancelRequested).toBe(false);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(0);
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  // PAUSED allows resume and retry, nothing else.
  expect((await control(rolloverId, 'cancel')).status).toBe(409);
  expect((await control(rolloverId, 'requeue')).status).toBe(409);

  expect(await control(rolloverId, 'resume')).toMatchObject({ status: 200, body: { status: 'PENDING' } });
  await waitForRunStatus(rolloverId, 'FINISHED', 30_000);
  const finished = await run(rolloverId);
  // The resumed attempt re-read the events and verified, and skipped what was done before.
  expect(Object.keys(finished.phaseTimingsMs).sort()).toEqual(['analytics', 'extract', 'verify']);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  expect(await eventsOf(rolloverId, 'etl.failed')).toHaveLength(0);
  // FINISHED allows nothing.
  for (const action of ['cancel', 'resume', 'requeue']) {
    const refused = await control(rolloverId, action);
    expect({ action, status: refused.status, error: refused.body.error }).toEqual({
      action,
      status: 409,
      error: expect.stringContaining(`run ${rolloverId} is FINISHED`),
    });
  }
});

test('requeue forces a run stuck in RUNNING back to PENDING; a new delivery finishes it', async () => {
  const rolloverId = uniqueId('ctl-stuck');
  const l = rollover({ rolloverId, prefix: 'ctl', amountCents: 12_00 });
  await writeLifecycle(l, 'before-completion');
  // A worker takes the run with a long lease and dies: nothing will move it for 10 minutes.
  const message = await claimRunByHand(rolloverId);
  expect((await takeRun(db(), message, { leaseMs: 600_000, maxAttempts: 5 })).kind).toBe('run');
  await writeLifecycle(l, 'completion-only');
  expect((await run(rolloverId)).status).toBe('RUNNING');

  expect(await control(rolloverId, 'requeue')).toMatchObject({ status: 200, body: { status: 'PENDING' } });
  await waitForRunStatus(rolloverId, 'FINISHED', 30_000);
  expect((await run(rolloverId)).claim).toBe(2);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});

test('401 without a token, 403 for a non-admin, 404 for an unknown run, 400 for a body or id it cannot take', async () => {
  expect((await adminApi('POST', '/runs/anything/cancel', { body: {} })).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'controls-custodian');
  expect((await control('anything', 'cancel', custodian)).status).toBe(403);
  expect((await control(uniqueId('never'), 'resume')).status).toBe(404);
  expect((await control('__reserved__', 'cancel')).status).toBe(400);
  expect((await control(uniqueId('never'), 'cancel', admin, { force: true })).status).toBe(400);
});
