// Reprocess through the admin API (issue 20, item 1): only a FINISHED run can be reprocessed (409
// from any other state, naming it), an unknown run is 404, a non-admin 403, no token 401; a
// backfill skips FINISHED runs unless asked to include them, and then reprocesses each one into a
// new revision with its own etl.completed.
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { adminApi } from '../support/admin-api';
import { claimRunByHand, eventsOf, inProcessWorker, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { completeRollover } from '../support/rollover';
import { waitFor } from '../support/wait';
import { closeWarehouse, testWarehouse } from '../support/warehouse';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'reprocess-api-admin');
});
afterAll(() => closeWarehouse());

const reprocess = (rolloverId: string, token = admin, body: unknown = {}) =>
  adminApi('POST', `/runs/${rolloverId}/reprocess`, { token, body });
const runOf = async (rolloverId: string) => (await db().doc(`etlRuns/${rolloverId}`).get()).data()!;

/** A finished run of `custodianId`'s, to reprocess. */
const finishedRollover = async (rolloverId: string, custodianId: string, completedAt: Date) => {
  await completeRollover({
    rolloverId,
    prefix: 'rp-api',
    sourceCustodianId: custodianId,
    amountCents: 42_00,
    completedAt,
  });
  await waitForRunStatus(rolloverId, 'FINISHED');
};

test('409 from a state other than FINISHED, 404 for an unknown run, 403 for a non-admin, 401 without a token', async () => {
  const rolloverId = uniqueId('rp-api-pending');
  await claimRunByHand(rolloverId);
  const refused = await reprocess(rolloverId);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toContain(`run ${rolloverId} is PENDING`);
  expect(refused.body.error).toContain('FINISHED');
  expect((await runOf(rolloverId)).status).toBe('PENDING');

  expect((await reprocess(uniqueId('never'))).status).toBe(404);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'rp-api-custodian');
  expect((await reprocess(rolloverId, custodian)).status).toBe(403);
  expect((await adminApi('POST', `/runs/${rolloverId}/reprocess`, { body: {} })).status).toBe(401);
  expect((await reprocess(rolloverId, admin, { revision: 3 })).status).toBe(400);
});

test('the run page offers reprocess for a FINISHED run, and a second reprocess while the first runs is 409', async () => {
  const custodian = uniqueId('rp-api-detail');
  const rolloverId = uniqueId('rp-api-detail');
  await finishedRollover(rolloverId, custodian, new Date());
  const detail = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(detail.body.allowedActions).toEqual(['reprocess']);

  expect((await reprocess(rolloverId)).status).toBe(200);
  // Re-opened: no longer FINISHED until the new revision finishes.
  expect((await reprocess(rolloverId)).status).toBe(409);
  await waitFor('revision 2', async () => (await eventsOf(rolloverId, 'etl.completed')).length === 2 || undefined, {
    timeoutMs: 60_000,
  });
  await waitForRunStatus(rolloverId, 'FINISHED');
  expect((await runOf(rolloverId)).revision).toBe(2);
  // Redeliveries of either revision's message (a late first-claim one, a repeated new one) announce nothing.
  const run = await runOf(rolloverId);
  const deps = inProcessWorker(testWarehouse());
  for (const attempt of [1, run.claim as number])
    await processEtlMessage(deps, { rolloverId, eventId: run.eventId as string, attempt });
  expect((await eventsOf(rolloverId, 'etl.completed')).map((e) => e.id).sort()).toEqual(
    [`etl-completed-${rolloverId}`, `etl-revision-2-${rolloverId}`].sort(),
  );
  // Both calls are in the run's audit trail with their outcomes: the reprocess, and the refused second one.
  const trail = await adminApi('GET', `/runs/${rolloverId}/audit`, { token: admin });
  const reprocesses = (trail.body.entries as { action: string; outcome: { status: number } | null }[])
    .filter((e) => e.action === 'reprocessRun')
    .map((e) => e.outcome?.status)
    .sort();
  expect(reprocesses).toEqual([200, 409]);
  // The run page shows the latest revision's signal, and offers reprocess again.
  const revised = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(revised.body).toMatchObject({
    revision: 2,
    allowedActions: ['reprocess'],
    completion: { id: `etl-revision-2-${rolloverId}`, revision: 2 },
  });
});

test('a backfill skips FINISHED runs unless includeFinished, which reprocesses them into a new revision', async () => {
  const custodian = uniqueId('rp-api-bf');
  const rolloverId = uniqueId('rp-api-bf');
  const completedAt = new Date(Date.now() - 3_600_000);
  await finishedRollover(rolloverId, custodian, completedAt);
  const range = {
    custodianId: custodian,
    from: new Date(completedAt.getTime() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  };

  const skipped = await adminApi('POST', '/backfill', { token: admin, body: range });
  expect(skipped.status).toBe(200);
  expect(skipped.body).toMatchObject({ alreadyFinished: 1, enqueued: 0, reprocessed: 0 });
  expect((await runOf(rolloverId)).status).toBe('FINISHED');
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);

  const included = await adminApi('POST', '/backfill', { token: admin, body: { ...range, includeFinished: true } });
  expect(included.status).toBe(200);
  expect(included.body).toMatchObject({ alreadyFinished: 0, reprocessed: 1, queued: [rolloverId] });
  await waitFor('revision 2', async () => (await eventsOf(rolloverId, 'etl.completed')).length === 2 || undefined, {
    timeoutMs: 60_000,
  });
  await waitForRunStatus(rolloverId, 'FINISHED');
  const run = await runOf(rolloverId);
  expect(run).toMatchObject({ revision: 2, reopenedBy: 'admin-reprocess' });
});
