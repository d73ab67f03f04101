// A rolloverId becomes a Firestore document id (etlRuns/{rolloverId}, events/etl-completed-…), so
// one that cannot be a document id is rejected where it enters: the trigger acknowledges it (no
// retry), the sweeper steps over it, and the rollovers after it are processed as usual.
import { Timestamp } from 'firebase-admin/firestore';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { waitForCompletion } from '../support/etl';
import { writeEvents } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { handleEventCreated } from '../../functions/src/etl/trigger';

const unsafeIds = (tag: string): [string, string][] => [
  ['a slash', `${tag}/child`],
  ['a reserved __name__', `__${tag}__`],
  ['a single dot', '.'],
  ['a double dot', '..'],
  ['1,501 bytes', `${tag}-`.padEnd(1_501, 'x')],
  ['1,502+ bytes of 2-byte characters', `${tag}-${'é'.repeat(751)}`],
];

function completion(eventId: string, rolloverId: string, at: Date) {
  return {
    id: eventId,
    data: {
      eventType: 'rollover.completed',
      rolloverId,
      userId: 'platform-user',
      timestamp: Timestamp.fromDate(at),
      source: 'rollover-platform',
      eventData: {
        transferId: `tr-${eventId}`,
        sourceCustodianId: 'c-src',
        destinationCustodianId: 'c-dst',
        amountCents: 1,
      },
    },
  };
}

async function runsNamed(rolloverId: string): Promise<number> {
  const runs = db().collection('etlRuns');
  // Firestore refuses query values over 1,500 bytes; every long id here starts with its test's tag.
  if (rolloverId.length <= 100) return (await runs.where('rolloverId', '==', rolloverId).get()).size;
  const prefix = rolloverId.slice(0, 40);
  return (await runs.where('rolloverId', '>=', prefix).where('rolloverId', '<', `${prefix}\uf8ff`).get()).size;
}

test.each(unsafeIds('trigger'))(
  'the trigger acknowledges a rolloverId with %s and claims nothing',
  async (_name, rolloverId) => {
    const published: unknown[] = [];
    const eventId = uniqueId('unsafe-trigger');
    // The plain handler against the real Firestore emulator: resolving is what makes the runtime
    // acknowledge the event, so a rejection here is never retried.
    await expect(
      handleEventCreated(
        { db: db(), publish: async (message) => void published.push(message) },
        eventId,
        completion(eventId, rolloverId, new Date()).data,
      ),
    ).resolves.toBeUndefined();
    expect(published).toEqual([]);
    expect(await runsNamed(rolloverId)).toBe(0);
  },
);

test('unsafe rolloverIds through the real functions: no run, the next rollover completes, /sweep steps over them', async () => {
  const token = await idTokenFor({ admin: true }, 'unsafe-admin');
  // 40 s old: younger than the stack's ETL_SWEEP_PENDING_AFTER_SECONDS (45), so no sweep (the
  // scheduled one included) can have scanned past them yet, and old enough within 5 s. A time older
  // than 45 s raced the scheduled sweeper, whose cursor stops at the newest event it has seen.
  const at = new Date(Date.now() - 40_000);
  // Push the sweeper's cursor as far as it can go first: a completion just past the sweep horizon,
  // swept. Whatever earlier tests or the scheduled sweep did, the cursor is then at its newest.
  const ahead = uniqueId('cursor-ahead');
  const aheadAt = new Date(Date.now() - 46_000);
  await writeLifecycle(rollover({ rolloverId: ahead, completedAt: aheadAt, durationMs: 1_000 }));
  await waitFor(
    'a sweep to scan to the newest sweepable completion',
    async () => {
      expect((await adminApi('POST', '/sweep', { token, body: {} })).status).toBe(200);
      const cursor = (await db().doc('etlControl/sweeper').get()).data();
      return (cursor?.scannedThrough?.toMillis() ?? 0) >= aheadAt.getTime();
    },
    { intervalMs: 500 },
  );
  const tag = uniqueId('unsafe');
  const bad = unsafeIds(tag).map(([, rolloverId], i) => completion(`${tag}-bad-${i}`, rolloverId, at));
  const cursorBefore = (await db().doc('etlControl/sweeper').get()).data();
  const lastBad = bad
    .map((e) => e.id)
    .sort()
    .at(-1)!;
  // The scan runs in (timestamp, id) order; it must not have passed these events already.
  if (cursorBefore?.scannedThrough) expect(cursorBefore.scannedThrough.toMillis()).toBeLessThanOrEqual(at.getTime());

  console.log(`inject: ${bad.length} rollover.completed events whose rolloverId cannot be a document id`);
  await writeEvents(db(), bad);
  const rolloverId = uniqueId('after-unsafe');
  await writeLifecycle(rollover({ rolloverId, amountCents: 4_200, completedAt: at, durationMs: 1_000 }));
  // Generous: the first worker of a fresh emulator can take half a minute to start on a busy machine.
  await waitForCompletion(rolloverId, 90_000);

  // Each sweep answers 200, and repeated sweeps carry the cursor past the unsafe events.
  await waitFor(
    'the sweeper cursor to pass the unsafe events',
    async () => {
      const swept = await adminApi('POST', '/sweep', { token, body: {} });
      expect(swept.status).toBe(200);
      const cursor = (await db().doc('etlControl/sweeper').get()).data();
      if (!cursor?.scannedThrough) return false;
      const ms = cursor.scannedThrough.toMillis();
      return ms > at.getTime() || (ms === at.getTime() && cursor.lastEventId >= lastBad);
    },
    { timeoutMs: 45_000, intervalMs: 500 },
  );
  for (const [, id] of unsafeIds(tag)) expect(await runsNamed(id)).toBe(0);
  console.log('checked: no run for any unsafe id, the following rollover FINISHED, /sweep 200 past them');
}, 180_000);
