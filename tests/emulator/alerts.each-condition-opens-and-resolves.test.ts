// Every alert condition opens when its figure passes its threshold and resolves when it is back,
// against the real emulator: the figures are read from the run, dead-letter and schedule documents
// by the sweeper's own alert step (checkAlerts), in this process, with a threshold set to the
// figure as the stack has it now, so whatever other tests left behind is the baseline and only this
// test's runs move the figure past it. Only the condition under test is evaluated (a partial set of
// thresholds), so the stack's other alerts are left as they are. The sweeper-stale condition is
// opened by the re-aggregation job's check and resolved by a real sweep (etlAdmin's POST /sweep).
import { Timestamp } from 'firebase-admin/firestore';
import { COLLECTIONS, ALERT_CONDITIONS, FRESHNESS_WINDOW_MS, type AlertCondition } from '@trustrails/contracts';
import { checkAlerts, checkSweeper, healthFigures } from '../../functions/src/alerts/check';
import { sweepSettings } from '../../functions/src/config';
import { conditionValues } from '../../functions/src/alerts/evaluate';
import { claimRun, pauseRun, reopenForRetry, runRef } from '../../functions/src/etl/run-state';
import { adminApi } from '../support/admin-api';
import { claimRunByHand } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { deadLetteredRun, failCurrent, finishCurrent, letter } from '../support/run-transitions';

const alertDoc = async (condition: AlertCondition) => (await db().doc(`etlAlerts/${condition}`).get()).data();

/** The condition's figure now, as the sweeper reads it. */
async function valueNow(condition: AlertCondition): Promise<number> {
  const now = new Date();
  return conditionValues(await healthFigures(db(), now), now)[condition];
}

/** Evaluates one condition against `threshold` now; what it opened or resolved. */
async function check(condition: AlertCondition, threshold: number) {
  const { opened, resolved } = await checkAlerts(db(), { [condition]: threshold }, new Date());
  return { opened: opened.includes(condition), resolved: resolved.includes(condition) };
}

/**
 * The figure once the stack has stopped moving it: runs that earlier tests left PENDING are still
 * being taken by the real worker, and a count read while they drain is stale a moment later (the
 * CI run on d466a76 failed that way). Three equal reads a second apart, within two minutes.
 */
async function settledValue(condition: AlertCondition): Promise<number> {
  let reads = [await valueNow(condition)];
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    reads = [...reads.slice(-2), await valueNow(condition)];
    if (reads.length === 3 && reads.every((read) => read === reads[0])) return reads[0]!;
  }
  throw new Error(`${condition} kept moving for two minutes: ${reads.join(', ')}`);
}

/** Figures the worker moves on its own while earlier tests' runs drain; the others hold still or tick with the clock. */
const DRAINING_COUNTS: AlertCondition[] = ['pendingCount', 'bulkPendingCount'];

/** The alert brought in line with `threshold` first, so what follows is the test's own doing. */
async function baseline(condition: AlertCondition, margin = 0): Promise<number> {
  const figure = DRAINING_COUNTS.includes(condition) ? await settledValue(condition) : await valueNow(condition);
  const threshold = figure + margin;
  await check(condition, threshold);
  expect((await alertDoc(condition))?.state ?? 'resolved').toBe('resolved');
  return threshold;
}

test('pendingCount counts the live lane only: a bulk backlog leaves it shut, a live run opens it', async () => {
  const threshold = await baseline('pendingCount');
  const bulk = [uniqueId('alert-bulk-a'), uniqueId('alert-bulk-b')];
  for (const id of bulk) await claimRun(db(), id, `${id}-event`, 'bulk');
  expect(await check('pendingCount', threshold)).toEqual({ opened: false, resolved: false });

  const live = uniqueId('alert-live');
  await claimRunByHand(live);
  expect((await check('pendingCount', threshold)).opened).toBe(true);
  await pauseRun(db(), live);
  expect((await check('pendingCount', threshold)).resolved).toBe(true);
  for (const id of bulk) await pauseRun(db(), id);
}, 180_000);

test('bulkPendingCount opens on the bulk backlog and resolves when it drains', async () => {
  const threshold = await baseline('bulkPendingCount');
  const bulk = [uniqueId('alert-bulk-c'), uniqueId('alert-bulk-d')];
  for (const id of bulk) await claimRun(db(), id, `${id}-event`, 'bulk');
  expect((await check('bulkPendingCount', threshold)).opened).toBe(true);
  for (const id of bulk) await pauseRun(db(), id);
  expect((await check('bulkPendingCount', threshold)).resolved).toBe(true);
}, 180_000);

test('oldestPendingAge counts from when a run became PENDING, not from when it was created', async () => {
  // Ten minutes over whatever waits now: a run that has waited that long opens it.
  const threshold = await baseline('oldestPendingAge', 10 * 60_000);
  const rolloverId = uniqueId('alert-old-run');
  await claimRunByHand(rolloverId);
  await failCurrent(rolloverId, true);
  // Created hours ago; re-opened now by a new completion event, on the live lane.
  await runRef(db(), rolloverId).update({ createdAt: Timestamp.fromMillis(Date.now() - 3 * 3_600_000) });
  await claimRun(db(), rolloverId, `${rolloverId}-second-completion`);
  expect(await check('oldestPendingAge', threshold)).toEqual({ opened: false, resolved: false });

  // Now it has waited longer than the threshold since it became PENDING.
  await runRef(db(), rolloverId).update({ pendingSince: Timestamp.fromMillis(Date.now() - threshold - 60_000) });
  expect((await check('oldestPendingAge', threshold)).opened).toBe(true);
  await pauseRun(db(), rolloverId);
  expect((await check('oldestPendingAge', threshold)).resolved).toBe(true);
});

test('processingTimeP95 opens when the newest finished runs are slow and resolves when they are gone', async () => {
  const threshold = await baseline('processingTimeP95');
  // 11 of the last 200 finished runs are over 5 %: the 95th percentile is one of them.
  const slow = Array.from({ length: 11 }, (_, i) => uniqueId(`alert-slow${i}`));
  for (const id of slow) {
    await claimRunByHand(id);
    await finishCurrent(id, threshold + 3_600_000);
  }
  expect((await check('processingTimeP95', threshold)).opened).toBe(true);
  for (const id of slow) await runRef(db(), id).delete();
  expect((await check('processingTimeP95', threshold)).resolved).toBe(true);
}, 120_000);

test('failuresPerHour opens on a new failure and resolves when the failed run is held', async () => {
  const threshold = await baseline('failuresPerHour');
  const rolloverId = uniqueId('alert-failed');
  await claimRunByHand(rolloverId);
  await failCurrent(rolloverId, false);
  expect((await check('failuresPerHour', threshold)).opened).toBe(true);
  await pauseRun(db(), rolloverId);
  expect((await check('failuresPerHour', threshold)).resolved).toBe(true);
});

test('deadLetters opens on an open letter, announces a new one while open, resolves once they heal', async () => {
  const threshold = await baseline('deadLetters');
  const first = uniqueId('alert-dl-a');
  await deadLetteredRun(first);
  expect((await check('deadLetters', threshold)).opened).toBe(true);
  expect(await alertDoc('deadLetters')).toMatchObject({ state: 'open', occurrences: 0 });

  // A second letter while the alert is open is announced on the alert, not swallowed.
  const second = uniqueId('alert-dl-b');
  const secondLetter = await deadLetteredRun(second);
  const announced = await alertDoc('deadLetters');
  expect(announced).toMatchObject({ state: 'open', occurrences: 1 });
  expect(announced!.lastOccurrenceAt.toMillis()).toBeGreaterThanOrEqual(
    (await letter(secondLetter)).recordedAt.toMillis() - 5_000,
  );

  for (const id of [first, second]) {
    await reopenForRetry(db(), id);
    await finishCurrent(id);
  }
  expect((await check('deadLetters', threshold)).resolved).toBe(true);
});

test('sweeperStale opens when the sweeper has not completed for two intervals and a sweep resolves it', async () => {
  const admin = await idTokenFor({ admin: true }, 'alerts-sweeper-admin');
  // The sweep's last success, days ago: more than any two intervals of the schedule.
  await db()
    .doc('etlSchedules/sweep')
    .set({ lastSuccessAt: new Date(Date.now() - 3 * 86_400_000) }, { merge: true });
  // The re-aggregation job's check on the sweeper (its own function, run here in this process).
  const { opened } = await checkSweeper(db(), sweepSettings.alerts.sweeperStale, new Date());
  expect(opened).toEqual(['sweeperStale']);
  expect(await alertDoc('sweeperStale')).toMatchObject({ state: 'open', condition: 'sweeperStale' });

  const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
  expect(sweep.status).toBe(200);
  expect(sweep.body.alerts.resolved).toContain('sweeperStale');
  expect(await alertDoc('sweeperStale')).toMatchObject({ state: 'resolved' });
}, 120_000);

test('freshnessP95 opens when the dashboards report slow renders this hour and resolves when they leave the hour', async () => {
  const threshold = await baseline('freshnessP95');
  const hourAgo = Timestamp.fromMillis(Date.now() - FRESHNESS_WINDOW_MS);
  const inWindow = (
    await db().collection(COLLECTIONS.streamFreshness).where('recordedAt', '>=', hourAgo).count().get()
  ).data().count;
  // Enough slow samples that they are more than 95% of the hour's, whatever other tests reported.
  const slow = await Promise.all(
    Array.from({ length: inWindow * 20 + 20 }, () =>
      db()
        .collection(COLLECTIONS.streamFreshness)
        .add({
          eventId: uniqueId('etl-completed-alert-fresh'),
          commitToSendMs: 100,
          receiveToRenderMs: threshold + 900,
          totalMs: threshold + 1_000,
          recordedAt: Timestamp.now(),
        }),
    ),
  );
  expect((await check('freshnessP95', threshold)).opened).toBe(true);
  expect(await alertDoc('freshnessP95')).toMatchObject({ state: 'open', value: threshold + 1_000, threshold });
  const twoHoursAgo = Timestamp.fromMillis(Date.now() - 2 * FRESHNESS_WINDOW_MS);
  await Promise.all(slow.map((ref) => ref.update({ recordedAt: twoHoursAgo })));
  expect((await check('freshnessP95', threshold)).resolved).toBe(true);
});

test('every condition has a test in this file', () => {
  expect([...ALERT_CONDITIONS].sort()).toEqual([
    'bulkPendingCount',
    'deadLetters',
    'failuresPerHour',
    'freshnessP95',
    'oldestPendingAge',
    'pendingCount',
    'processingTimeP95',
    'sweeperStale',
  ]);
});
