// Retention: each document that becomes expirable carries its expireAt, the moment it became so plus
// its configured period (functions/src/config.ts, ETL_RETENTION_*), written by the same code that
// moved it into that state; a run re-opened loses it. Firestore's TTL policies (firestore.indexes.json)
// delete on that field; the emulator does not enforce TTL, so this checks the field, not the deletion.
// Runs and letters go through the run-state module and the subscriber's function in this process
// (support/run-transitions.ts); the backfill through the real etlAdmin function, worker and sweeper.
import { EXPIRE_AT } from '@trustrails/contracts';
import { retentionDays } from '../../functions/src/config';
import { reopenForRetry, runRef } from '../../functions/src/etl/run-state';
import { adminApi } from '../support/admin-api';
import { waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';
import { deadLetteredRun, failCurrent, finishCurrent, letter } from '../support/run-transitions';
import { claimRunByHand } from '../support/etl';
import { waitFor } from '../support/wait';
import { closeWarehouse } from '../support/warehouse';

const DAY_MS = 86_400_000;
// Slack for the clocks of this process and the emulator, and the time between `before` and the write.
const SLACK_MS = 60_000;

/** The document's expireAt is `days` after a moment from `before` to now. */
function expectExpiry(doc: Record<string, unknown> | undefined, days: number, before: number): void {
  const expireAt = doc?.[EXPIRE_AT] as { toMillis(): number } | undefined;
  expect(expireAt).toBeDefined();
  expect(expireAt!.toMillis()).toBeGreaterThanOrEqual(before + days * DAY_MS - SLACK_MS);
  expect(expireAt!.toMillis()).toBeLessThanOrEqual(Date.now() + days * DAY_MS + SLACK_MS);
}

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'retention-admin');
});
afterAll(async () => {
  await adminApi('POST', '/resume', { token: admin, body: {} });
  await closeWarehouse();
});

test('a failed run: its etl.failed event expires, the ERROR run does not', async () => {
  const rolloverId = uniqueId('ret-failed');
  await claimRunByHand(rolloverId);
  const before = Date.now();
  const message = await failCurrent(rolloverId, false);
  const event = await db().collection('events').doc(`etl-failed-${rolloverId}-${message.attempt}`).get();
  expect(event.get('eventType')).toBe('etl.failed');
  expectExpiry(event.data(), retentionDays.failedEvent, before);
  expect((await runRef(db(), rolloverId).get()).data()?.[EXPIRE_AT]).toBeUndefined();
});

test('a finished run expires; re-opened, it loses its expiry until it finishes again', async () => {
  const rolloverId = uniqueId('ret-run');
  await claimRunByHand(rolloverId);
  let before = Date.now();
  await finishCurrent(rolloverId);
  expectExpiry((await runRef(db(), rolloverId).get()).data(), retentionDays.run, before);

  // No path re-opens a FINISHED run yet (a reprocess will): every re-open goes through claim.ts
  // reopen(), so the admin retry of a run that carries an expiry shows what any re-open does.
  await runRef(db(), rolloverId).update({ status: 'ERROR' });
  expect((await reopenForRetry(db(), rolloverId))?.retried).toBe(true);
  const reopened = (await runRef(db(), rolloverId).get()).data();
  expect(reopened?.status).toBe('PENDING');
  expect(reopened?.[EXPIRE_AT]).toBeUndefined();

  before = Date.now();
  await finishCurrent(rolloverId);
  expectExpiry((await runRef(db(), rolloverId).get()).data(), retentionDays.run, before);
});

test('a dead letter expires once resolved, not while it is open', async () => {
  const rolloverId = uniqueId('ret-letter');
  const messageId = await deadLetteredRun(rolloverId);
  expect(await letter(messageId)).toMatchObject({ status: 'DEAD' });
  expect((await letter(messageId))[EXPIRE_AT]).toBeUndefined();

  await reopenForRetry(db(), rolloverId);
  const before = Date.now();
  await finishCurrent(rolloverId);
  const resolved = await letter(messageId);
  expect(resolved.status).toBe('RESOLVED');
  expectExpiry(resolved, retentionDays.resolvedLetter, before);
}, 60_000);

test('a finished backfill expires, with its member records; its finished run too', async () => {
  const custodian = uniqueId('ret-bf');
  const rolloverId = uniqueId('ret-bf');
  const completedAt = new Date('2026-03-11T12:00:00Z');
  const l = rollover({ rolloverId, prefix: 'ret-bf', sourceCustodianId: custodian, amountCents: 4_321, completedAt });
  // Paused, the rollover waits in PENDING, so the backfill queues it (it skips FINISHED runs).
  expect((await adminApi('POST', '/pause', { token: admin, body: {} })).status).toBe(200);
  let backfillId: string;
  try {
    await writeLifecycle(l);
    await waitForRunStatus(rolloverId, 'PENDING');
    const backfill = await adminApi('POST', '/backfill', {
      token: admin,
      body: { from: '2026-03-09', to: '2026-03-16', custodianId: custodian },
    });
    expect(backfill.status).toBe(200);
    expect(backfill.body.queued).toEqual([rolloverId]);
    backfillId = backfill.body.backfillId as string;
  } finally {
    expect((await adminApi('POST', '/resume', { token: admin, body: {} })).status).toBe(200);
  }
  const before = Date.now();
  await waitForRunStatus(rolloverId, 'FINISHED', 90_000);
  const job = db().collection('etlBackfills').doc(backfillId);
  await waitFor(
    'the sweeper to settle the backfill',
    async () => {
      expect((await adminApi('POST', '/sweep', { token: admin, body: {} })).status).toBe(200);
      return (await job.get()).get('status') === 'DONE';
    },
    { timeoutMs: 60_000, intervalMs: 2_000 },
  );
  expectExpiry((await job.get()).data(), retentionDays.backfill, before);
  expectExpiry((await job.collection('runs').doc(rolloverId).get()).data(), retentionDays.backfill, before);
  expectExpiry((await runRef(db(), rolloverId).get()).data(), retentionDays.run, before);
}, 240_000);
