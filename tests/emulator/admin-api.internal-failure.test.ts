// A failure on the admin API's side (here the warehouse, when /reaggregate lists its custodians)
// is answered 500 with its cause for an admin, and recorded in the audit trail, instead of the
// handler throwing: on the emulator a thrown error kills the worker and the caller gets the
// emulator's bare socket error. The failing warehouse is a stand-in: a real PostgreSQL cannot
// be made to fail this one call on cue.
import { COLLECTIONS } from '@trustrails/contracts';
import { handleAdminRequest } from '../../functions/src/admin-api/handler';
import { sweepSettings } from '../../functions/src/config';
import { etlQueue } from '../../functions/src/etl/enqueue';
import { db } from '../support/firebase';
import { signedInUser } from '../support/identity';

const failingWarehouse = () =>
  ({
    listCustodianIds: async () => {
      throw new Error('warehouse unreachable: connection timeout');
    },
  }) as never;

const deps = () => ({
  db: db(),
  warehouse: failingWarehouse,
  queue: etlQueue(db(), async () => {}, 1),
  sweepOptions: sweepSettings,
});

const reaggregate = (authorization: string) =>
  handleAdminRequest(deps(), { method: 'POST', path: '/reaggregate', query: {}, body: {}, authorization });

test('an admin gets 500 with the cause, and the trail has the outcome', async () => {
  const admin = await signedInUser({ admin: true }, 'failure-admin');
  const answer = await reaggregate(`Bearer ${admin.idToken}`);
  expect(answer).toEqual({
    status: 500,
    body: { error: 'internal error: warehouse unreachable: connection timeout' },
    uid: admin.uid,
  });
  const trail = await db()
    .collection(COLLECTIONS.etlAudit)
    .where('uid', '==', admin.uid)
    .where('action', '==', 'reaggregate')
    .get();
  expect(trail.docs.map((d) => d.get('outcome'))).toEqual([
    { ok: false, status: 500, error: 'warehouse unreachable: connection timeout' },
  ]);
});
