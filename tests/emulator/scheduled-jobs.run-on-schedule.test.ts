// The scheduled jobs run on their schedule, invoked as Cloud Scheduler invokes them, with nobody
// calling the admin API: each records a run started by the schedule (etlSchedules/{job}), and the
// sweeper's run really heals, re-delivering a PENDING run whose message was lost.
import { Timestamp } from 'firebase-admin/firestore';
import { claimRunByHand, waitForCompletion } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';
import { runScheduler } from '../support/scheduler';
import { withoutTriggers } from '../support/triggers';
import { waitFor } from '../support/wait';

let stopScheduler: (() => Promise<void>) | undefined;
afterAll(() => stopScheduler?.());

// Switching background triggers off and on (as earlier tests of a full run do) makes the emulator
// reload its functions under new trigger keys and disable the old ones, which then answer 204 and
// run nothing: the scheduler must find the current keys, as it must after a reload in npm run dev.
beforeAll(() => withoutTriggers(async () => undefined));

const scheduleRecord = async (job: string) => (await db().collection('etlSchedules').doc(job).get()).data();

test('etlSweeper and etlReaggregate run on their schedule and the sweep heals a lost message', async () => {
  const rolloverId = uniqueId('scheduled');
  const l = rollover({ rolloverId, prefix: 'sched', amountCents: 4_321 });
  // A run whose message was lost: claimed, never published, and waiting longer than
  // ETL_SWEEP_PENDING_AFTER_SECONDS. Only a sweep can deliver it.
  await claimRunByHand(rolloverId, l.completed.id);
  await writeLifecycle(l);
  await db()
    .collection('etlRuns')
    .doc(rolloverId)
    .update({ updatedAt: Timestamp.fromMillis(Date.now() - 10 * 60_000) });

  const since = Date.now();
  const before = {
    sweep: (await scheduleRecord('sweep'))?.runs ?? 0,
    reaggregate: (await scheduleRecord('reaggregate'))?.runs ?? 0,
  };
  stopScheduler = await runScheduler(10);
  for (const job of ['sweep', 'reaggregate'] as const) {
    const record = await waitFor(
      `a scheduled run of ${job}`,
      async () => {
        const d = await scheduleRecord(job);
        return d && d.lastTrigger === 'schedule' && d.lastRunAt.toMillis() >= since - 1_000 ? d : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );
    expect(record.runs).toBeGreaterThan(before[job]);
    expect(record.lastError).toBeNull();
    console.log(`checked: ${job} ran on the schedule at ${record.lastRunAt.toDate().toISOString()}`);
  }
  // The scheduled sweep re-delivered the lost run, which the worker then finished.
  await waitForCompletion(rolloverId, 300_000);
}, 900_000);
