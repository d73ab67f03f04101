// The sweeper and POST /resume read bounded pages through indexed queries: the bulk backlog (runs
// waiting for a slot) is never read, and a page of runs the sweeper just re-delivered does not
// hide the runs behind it. Reads are counted by spying on Query.get (an instrument, not a mock:
// every query still runs against the Firestore emulator).
import { Query, Timestamp, type WriteBatch } from 'firebase-admin/firestore';
import type { EtlMessage } from '@trustrails/contracts';
import { db, uniqueId } from '../support/firebase';
import { queueTo } from '../support/etl';
import { markSwept, newRunDoc, runsToRedeliver } from '../../functions/src/etl/run-state';
import { resumeEtl } from '../../functions/src/operations/control';

const HOUR_AGO = () => Timestamp.fromMillis(Date.now() - 3_600_000);

/** A PENDING run document as claimRun writes it, in the given lane, last touched an hour ago. */
function pendingRun(rolloverId: string, lane: 'live' | 'bulk') {
  return {
    ...newRunDoc(rolloverId, `${rolloverId}-completed`, lane, HOUR_AGO()),
    // Far in the future, so no other dispatch in this run of the suite picks these first.
    queuedAt: lane === 'bulk' ? Timestamp.fromMillis(Date.now() + 86_400_000) : null,
  };
}

async function seed(prefix: string, count: number, lane: 'live' | 'bulk'): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${uniqueId(prefix)}-${i}`);
  for (let i = 0; i < ids.length; i += 400) {
    const batch: WriteBatch = db().batch();
    for (const id of ids.slice(i, i + 400)) batch.set(db().collection('etlRuns').doc(id), pendingRun(id, lane));
    await batch.commit();
  }
  return ids;
}

async function remove(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 400) {
    const batch = db().batch();
    for (const id of ids.slice(i, i + 400)) batch.delete(db().collection('etlRuns').doc(id));
    await batch.commit();
  }
}

/** Documents each query returned while `work` ran. */
async function docsReadPerQuery(work: () => Promise<unknown>): Promise<number[]> {
  const sizes: number[] = [];
  const original = Query.prototype.get;
  const spy = jest.spyOn(Query.prototype, 'get').mockImplementation(async function (this: Query) {
    const snapshot = await original.call(this);
    sizes.push(snapshot.size);
    return snapshot;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sizes;
}

const seeded: string[] = [];
afterAll(() => remove(seeded));

test('the sweeper and resume never read the bulk backlog: every query returns at most one page', async () => {
  const backlog = await seed('bounded-backlog', 300, 'bulk');
  seeded.push(...backlog);
  let listed: string[] = [];
  const sweepReads = await docsReadPerQuery(async () => {
    const { expired, stalePending } = await runsToRedeliver(db(), new Date(), {
      pendingAfterMs: 60_000,
      paused: false,
      pageSize: 100,
    });
    listed = [...expired, ...stalePending].map((doc) => doc.id);
  });
  expect(listed.filter((id) => backlog.includes(id))).toEqual([]);
  expect(Math.max(...sweepReads)).toBeLessThanOrEqual(100);

  const published: EtlMessage[] = [];
  // No slots: this test is about what resume reads, not about the lane's dispatch.
  const queue = queueTo(async (message) => void published.push(message), 0);
  const resumeReads = await docsReadPerQuery(() => resumeEtl(db(), queue, 'test-admin', { pageSize: 100 }));
  expect(published.filter((m) => backlog.includes(m.rolloverId))).toEqual([]);
  expect(Math.max(0, ...resumeReads)).toBeLessThanOrEqual(100);
});

test('runs the sweeper just re-delivered leave the page, so the runs behind them are reached next', async () => {
  const stuck = await seed('bounded-stuck', 150, 'live');
  seeded.push(...stuck);
  const reached = new Set<string>();
  for (let sweep = 0; sweep < 3; sweep += 1) {
    const now = new Date();
    const { stalePending } = await runsToRedeliver(db(), now, { pendingAfterMs: 60_000, paused: false, pageSize: 100 });
    for (const doc of stalePending)
      if ((await markSwept(doc, now, { pendingAfterMs: 60_000 })) !== null) reached.add(doc.id);
  }
  expect(stuck.filter((id) => !reached.has(id))).toEqual([]);
});
