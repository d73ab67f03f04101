// The admin audit trail on the real etlAdmin function, with real Auth tokens: every call of an
// acting route is recorded (who, when, what, arguments, outcome), refusals included, reads are
// not; GET /audit pages the trail newest first and GET /runs/:id/audit shows one run's; only
// admins read it. The handler also hands the request log (etl.adminRequest) the caller's uid.
import { handleAdminRequest } from '../../functions/src/admin-api/handler';
import { sweepSettings } from '../../functions/src/config';
import { etlQueue } from '../../functions/src/etl/enqueue';
import { adminApi } from '../support/admin-api';
import { waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor, signedInUser, type SignedInUser } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

let admin: SignedInUser;
beforeAll(async () => {
  admin = await signedInUser({ admin: true }, 'audit-admin');
});

/** An ERROR run: the completion alone, so extract fails permanently (no rollover.initiated). */
async function failedRun(): Promise<string> {
  const rolloverId = uniqueId('audit-run');
  await writeLifecycle(rollover({ rolloverId, prefix: 'audit', amountCents: 5_00 }), 'completion-only');
  await waitForRunStatus(rolloverId, 'ERROR');
  return rolloverId;
}

const runTrail = async (rolloverId: string) => {
  const page = await adminApi('GET', `/runs/${encodeURIComponent(rolloverId)}/audit`, { token: admin.idToken });
  expect(page.status).toBe(200);
  return page.body.entries as Record<string, unknown>[];
};

test('an admin action is in the run trail with the admin, the arguments and the outcome; a read is not', async () => {
  const rolloverId = await failedRun();
  expect(await runTrail(rolloverId)).toEqual([]);

  const paused = await adminApi('POST', '/pause', { token: admin.idToken, body: { rolloverId } });
  expect(paused.status).toBe(200);
  await adminApi('GET', `/runs/${rolloverId}`, { token: admin.idToken });

  const [entry, ...rest] = await runTrail(rolloverId);
  expect(rest).toEqual([]);
  expect(entry).toMatchObject({
    source: 'admin-api',
    action: 'pause',
    uid: admin.uid,
    email: admin.email,
    rolloverId,
    target: 'POST /pause',
    outcome: { ok: true, status: 200, error: null },
  });
  expect(JSON.parse(entry!.args as string)).toEqual({ rolloverId });
  expect(Date.parse(entry!.endedAt as string)).toBeGreaterThanOrEqual(Date.parse(entry!.at as string));
});

test('refused actions (409, 400, 404) are recorded with their outcome', async () => {
  const rolloverId = await failedRun();
  // An ERROR run cannot be cancelled (only a RUNNING one).
  expect((await adminApi('POST', `/runs/${rolloverId}/cancel`, { token: admin.idToken, body: {} })).status).toBe(409);
  const [refused] = await runTrail(rolloverId);
  expect(refused).toMatchObject({
    action: 'cancelRun',
    uid: admin.uid,
    target: `POST /runs/${rolloverId}/cancel`,
    outcome: { ok: false, status: 409, error: expect.stringMatching(/is ERROR; cancel applies only to RUNNING/) },
  });

  const tooLong = { from: '2026-01-01', to: '2028-01-01' };
  expect((await adminApi('POST', '/backfill', { token: admin.idToken, body: tooLong })).status).toBe(400);
  const nobody = uniqueId('audit-nobody');
  const redrive = await adminApi('POST', '/dead-letters/redrive', {
    token: admin.idToken,
    body: { rolloverId: nobody },
  });
  expect(redrive.status).toBe(404);

  // The whole trail, newest first: the redrive, then the backfill.
  const page = await adminApi('GET', '/audit?pageSize=2', { token: admin.idToken });
  expect(page.status).toBe(200);
  expect(page.body.entries).toMatchObject([
    { action: 'redrive', rolloverId: nobody, uid: admin.uid, outcome: { ok: false, status: 404 } },
    {
      action: 'backfill',
      rolloverId: null,
      uid: admin.uid,
      outcome: { ok: false, status: 400, error: expect.stringMatching(/366 days/) },
    },
  ]);
  expect(JSON.parse(page.body.entries[1].args)).toEqual(tooLong);

  // The next page goes on from there, with the cancel.
  const next = await adminApi('GET', `/audit?pageSize=1&pageToken=${page.body.nextPageToken}`, {
    token: admin.idToken,
  });
  expect(next.body.entries).toMatchObject([{ action: 'cancelRun', rolloverId }]);
});

test('only admins read the trail: a custodian gets 403, no token 401, a bad page size 400', async () => {
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'audit-custodian');
  expect((await adminApi('GET', '/audit', { token: custodian })).status).toBe(403);
  expect((await adminApi('GET', '/runs/any-run/audit', { token: custodian })).status).toBe(403);
  expect((await adminApi('GET', '/audit')).status).toBe(401);
  expect((await adminApi('GET', '/audit?pageSize=1000', { token: admin.idToken })).status).toBe(400);
});

test('the request log gets the uid of whoever the token names, admin or not, and none without a token', async () => {
  // The handler as etlAdmin runs it (functions/src/admin-api/function.ts logs `uid` from its answer);
  // GET /health reads only Firestore, and nothing is published.
  const deps = {
    db: db(),
    warehouse: () => {
      throw new Error('GET /health reads no warehouse');
    },
    queue: etlQueue(db(), async () => {}, 1),
    sweepOptions: sweepSettings,
  };
  const request = (authorization?: string) =>
    handleAdminRequest(deps, { method: 'GET', path: '/health', query: {}, body: undefined, authorization });
  expect(await request(`Bearer ${admin.idToken}`)).toMatchObject({ status: 200, uid: admin.uid });
  const custodian = await signedInUser({ custodianId: 'custodian-alpha' }, 'audit-log-custodian');
  expect(await request(`Bearer ${custodian.idToken}`)).toMatchObject({ status: 403, uid: custodian.uid });
  const anonymous = await request(undefined);
  expect(anonymous.status).toBe(401);
  expect(anonymous.uid).toBeUndefined();
});
