// A backfill is a resumable job: it queues its range a chunk at a time, records its cursor and
// counts in etlBackfills/{id} and each run it queued in its own member document, so an invocation
// that dies mid-chunk loses nothing and queues nothing twice: the sweep that follows finishes it.
// The events live in a Firestore project of their own on the same emulator, so no trigger of the
// functions emulator (which serves demo-trustrails) claims them first; the job's code is the real one.
import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { EtlMessage } from '@trustrails/contracts';
import { etlQueue } from '../../functions/src/etl/enqueue';
import { claimRun } from '../../functions/src/etl/run-state';
import { backfill, continueBackfills, reaggregateSettledBackfills } from '../../functions/src/operations/backfill';
import { writeEvents } from '../support/lifecycle';
import { rollover } from '../support/rollover';
import { uniqueId } from '../support/firebase';
import { closeWarehouse, testWarehouse } from '../support/warehouse';

const app = initializeApp({ projectId: `demo-backfill-job-${randomUUID().slice(0, 8)}` }, 'backfill-job');
const db: Firestore = getFirestore(app);
// tests/support/jest-setup.ts deletes every app, this one included.
afterAll(() => closeWarehouse());

const published: EtlMessage[] = [];
const queue = etlQueue(db, async (_lane, message) => void published.push(message), 2);

const FROM = new Date('2025-03-01T00:00:00Z');
const TO = new Date('2025-03-08T00:00:00Z');

/** `count` completed rollovers spread over the range, written as the platform writes them. */
async function completions(prefix: string, count: number): Promise<string[]> {
  const custodian = uniqueId(`${prefix}-c`);
  const ids = Array.from({ length: count }, (_, i) => `${uniqueId(prefix)}-${i}`);
  const events = ids.map((rolloverId, i) => {
    const completedAt = new Date(FROM.getTime() + ((i * 3_600_000) % (TO.getTime() - FROM.getTime())));
    const destinationCustodianId = `${custodian}-dst`;
    return rollover({
      rolloverId,
      sourceCustodianId: custodian,
      destinationCustodianId,
      amountCents: 1000 + i,
      completedAt,
    }).completed;
  });
  for (let i = 0; i < events.length; i += 400) await writeEvents(db, events.slice(i, i + 400));
  return ids;
}

const runOf = async (id: string) => (await db.collection('etlRuns').doc(id).get()).data();

test('a backfill aborted mid-chunk is finished by the next sweep: every rollover queued once, counted once', async () => {
  const ids = await completions('job', 230);
  // Five were finished before: the job counts them and leaves them alone.
  for (const id of ids.slice(0, 5)) {
    await claimRun(db, id, `${id}-completed`);
    await db.collection('etlRuns').doc(id).update({ status: 'FINISHED' });
  }
  // A second completion event of one rollover, in a later chunk: counted as a completion, queued once.
  await writeEvents(db, [
    {
      id: `${ids[7]}-completed-again`,
      data: {
        ...(await db.collection('events').doc(`${ids[7]}-completed`).get()).data()!,
        timestamp: Timestamp.fromDate(new Date(TO.getTime() - 1)),
      },
    },
  ]);

  let recorded = 0;
  const abort = new Error('invocation killed mid-chunk');
  await expect(
    backfill(
      db,
      testWarehouse(),
      queue,
      { from: FROM, to: TO },
      // One at a time, so the abort leaves exactly the rollovers before it recorded.
      {
        chunkSize: 50,
        parallel: 1,
        leaseMs: 500,
        afterRollover: () => {
          recorded += 1;
          if (recorded === 120) throw abort;
        },
      },
    ),
  ).rejects.toBe(abort);

  const [jobDoc] = (await db.collection('etlBackfills').get()).docs;
  expect(jobDoc!.data()).toMatchObject({ status: 'QUEUEING', chunks: 2 });
  // The lease of the dead invocation runs out; the sweep takes the job over from its cursor.
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await continueBackfills(db, queue, { budgetMs: 60_000, chunkSize: 50 })).toBe(3);

  const job = (await jobDoc!.ref.get()).data()!;
  expect(job).toMatchObject({
    status: 'WAITING',
    counts: { completions: 231, alreadyFinished: 5, enqueued: 225, retried: 0, inFlight: 0 },
    queued: 225,
  });
  // The ids are in the job's member documents, not in the job's own document.
  expect(JSON.stringify(job).length).toBeLessThan(2_000);
  expect((await jobDoc!.ref.collection('runs').count().get()).data().count).toBe(230);
  for (const id of ids.slice(5)) expect(await runOf(id)).toMatchObject({ status: 'PENDING', claim: 1, lane: 'bulk' });
  expect((await runOf(ids[7]!))!.duplicateEventIds).toBeUndefined();

  // Re-aggregated only once every run it queued has settled.
  expect(await reaggregateSettledBackfills(db, testWarehouse())).toMatchObject({ settled: 0 });
  for (const id of ids.slice(5)) await db.collection('etlRuns').doc(id).update({ status: 'FINISHED' });
  expect(await reaggregateSettledBackfills(db, testWarehouse())).toMatchObject({ settled: 1 });
  expect((await jobDoc!.ref.get()).data()).toMatchObject({ status: 'DONE', settled: 225 });
});
