// The sweeper's re-open of retryable ERROR runs reads one page of runs per sweep. Runs that have
// used up their re-openings, or whose backoff has not run out, must not fill that page for good:
// with more of them than the page holds, a run that is due is still re-opened. The runs are made
// by the real transitions (take, fail, the sweeper's re-open) against the Firestore emulator; the
// page is 3 runs instead of production's 500, so the test needs a handful of runs, not hundreds.
import type { EtlMessage, EtlRunDoc } from '@trustrails/contracts';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand } from '../support/etl';
import { waitFor } from '../support/wait';
import { failRun, messageFor, reopenRetryable, takeRun } from '../../functions/src/etl/run-state';

const PAGE = 3;
/** One automatic re-opening per run, a minute after its failure. */
const POLICY = { baseDelayMs: 60_000, maxDelayMs: 60_000, maxReopenings: 1 };

const run = async (rolloverId: string) => (await db().collection('etlRuns').doc(rolloverId).get()).data()!;

/** Takes the run and fails it retryably (an outage that outlasted the attempt budget); returns when it failed. */
async function failRetryably(message: EtlMessage): Promise<number> {
  const take = await takeRun(db(), message, { leaseMs: 60_000, maxAttempts: 100 });
  if (take.kind !== 'run') throw new Error(`could not take ${message.rolloverId}: ${JSON.stringify(take)}`);
  const recorded = await failRun(db(), message.rolloverId, take.fence, {
    reason: 'connection refused (test outage)',
    missing: [],
    retryable: true,
    transferId: null,
    attempt: take.fence.attempt,
    phase: 'core',
    deadLettered: true,
  });
  expect(recorded).toBe('recorded');
  return (await run(message.rolloverId)).lastError.at.toMillis();
}

test('runs that cannot be re-opened, more than a page of them, do not keep a due run from being re-opened', async () => {
  // Ids sort the runs that cannot be re-opened before the due one, as an older backlog's would:
  // a page read in id order alone would hold only them.
  const exhausted = Array.from({ length: PAGE + 1 }, () => uniqueId('reopen-0-exhausted'));
  const notYetDue = Array.from({ length: 2 }, () => uniqueId('reopen-1-later'));
  const due = uniqueId('reopen-2-due');

  // Exhausted: failed, re-opened once by the sweeper, failed again.
  for (const id of exhausted) await failRetryably(await claimRunByHand(id));
  await waitFor(
    'the sweeper to re-open each run once',
    async () => {
      await reopenRetryable(db(), new Date(), { ...POLICY, baseDelayMs: 0, maxDelayMs: 0 });
      const runs = await Promise.all(exhausted.map(run));
      return runs.every((r) => r.status === 'PENDING' && r.autoReopenings === 1);
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  // The re-opened runs wait in the bulk lane; this test delivers them itself, under their new claim.
  for (const id of exhausted) await failRetryably(messageFor((await run(id)) as EtlRunDoc));

  // Due a minute after it failed; the later ones fail after it, so they are not due yet then.
  const failedAt = await failRetryably(await claimRunByHand(due));
  await waitFor('the clock to move past the due run’s failure', async () => Date.now() > failedAt);
  const laterFailures: number[] = [];
  for (const id of notYetDue) laterFailures.push(await failRetryably(await claimRunByHand(id)));
  expect(Math.min(...laterFailures)).toBeGreaterThan(failedAt);

  const now = new Date(failedAt + POLICY.baseDelayMs);
  await waitFor(
    `a sweep of ${PAGE} runs at a time to re-open ${due}`,
    async () => {
      await reopenRetryable(db(), now, POLICY, PAGE);
      return (await run(due)).status === 'PENDING';
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
  expect(await run(due)).toMatchObject({ status: 'PENDING', autoReopenings: 1, claim: 2 });
  for (const id of exhausted)
    expect(await run(id)).toMatchObject({ status: 'ERROR', autoReopenings: 1, reopenDueAt: null });
  for (const id of notYetDue) {
    const r = await run(id);
    expect({ status: r.status, autoReopenings: r.autoReopenings ?? 0 }).toEqual({ status: 'ERROR', autoReopenings: 0 });
  }

  // Passed over while not due, the later runs are re-opened once their time comes.
  const later = new Date(Math.max(...laterFailures) + POLICY.baseDelayMs);
  await waitFor(
    'the later runs to be re-opened when due',
    async () => {
      await reopenRetryable(db(), later, POLICY, PAGE);
      return (await Promise.all(notYetDue.map(run))).every((r) => r.status === 'PENDING');
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
  for (const id of exhausted) expect((await run(id)).status).toBe('ERROR');
});
