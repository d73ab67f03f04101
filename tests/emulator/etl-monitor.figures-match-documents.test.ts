// The monitor's figures against the run documents themselves: the counts by state and the queue
// depth, from the admin API's /health (the one module that counts them), equal a full scan of
// etlRuns taken at the same moment, on a stack where runs have finished and failed for real.
jest.mock('server-only', () => ({}));

import { AdminHealth, RUN_STATES } from '@trustrails/contracts';
import { GET as etlRuns } from '../../web/app/api/etl/runs/route';
import { adminApi } from '../support/admin-api';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

async function scan(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const doc of (await db().collection('etlRuns').select('status').get()).docs) {
    const status = String(doc.get('status'));
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

test('counts by state and queue depth equal the run documents', async () => {
  const admin = await idTokenFor({ admin: true }, 'figures-admin');
  const finished = Array.from({ length: 3 }, (_, i) => uniqueId(`figures-ok-${i}`));
  for (const rolloverId of finished) await writeLifecycle(rollover({ rolloverId, prefix: 'fig', amountCents: 1_000 }));
  // A completion without its lifecycle fails permanently: an ERROR run.
  const failed = uniqueId('figures-bad');
  const orphan = rollover({
    rolloverId: failed,
    sourceCustodianId: 'x',
    destinationCustodianId: 'y',
    amountCents: 1,
    durationMs: 0,
  });
  await writeLifecycle(orphan, 'completion-only');
  for (const rolloverId of finished) await waitForCompletion(rolloverId);
  await waitForRunStatus(failed, RUN_STATES.ERROR);

  const documents = await scan();
  const health = AdminHealth.parse((await adminApi('GET', '/health', { token: admin })).body);
  expect(health.byStatus).toEqual({
    PENDING: documents.PENDING ?? 0,
    RUNNING: documents.RUNNING ?? 0,
    FINISHED: documents.FINISHED ?? 0,
    ERROR: documents.ERROR ?? 0,
    PAUSED: documents.PAUSED ?? 0,
  });
  expect(health.queueDepth).toBe((documents.PENDING ?? 0) + (documents.RUNNING ?? 0));
  // The monitor's table route carries runs only: no figure can be derived from its page.
  const web = await etlRuns(
    new Request('http://localhost/api/etl/runs?limit=5', { headers: { authorization: `Bearer ${admin}` } }),
  );
  expect(Object.keys(await web.json())).toEqual(['runs']);
});
