// Dead letters have a lifecycle: a letter is open (DEAD, or REDRIVEN until its run finishes) and
// is resolved when its run finishes by any path (the sweeper's re-open, an admin retry, a new
// completion, a redrive), recording how and when; a letter whose run is gone is cleared by the
// sweep. A redrive of a letter whose run has finished answers 200 with it resolved, not 409.
// The runs are driven through the run-state module's own transitions in this process
// (support/run-transitions.ts); the letters are recorded by the subscriber's own function, and
// the sweep and the redrive are the real etlAdmin function's.
import { claimRun, reopenForRetry, reopenRetryable, runRef } from '../../functions/src/etl/run-state';
import { recordDeadLetter } from '../../functions/src/dead-letters/record';
import { adminApi } from '../support/admin-api';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { deadLetteredRun, finishCurrent, letter } from '../support/run-transitions';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'dl-life-admin');
});

/** Each path that re-opens a dead-lettered run, by the cause it records. */
const REOPEN_PATHS: [string, (rolloverId: string) => Promise<unknown>][] = [
  [
    'sweeper',
    // The sweeper's re-open with a backoff already over: any retryable ERROR run due by then is
    // re-opened into the bulk lane, as the stack's own sweep would do a little later.
    () => reopenRetryable(db(), new Date(Date.now() + 60_000), { baseDelayMs: 1, maxDelayMs: 1, maxReopenings: 10 }),
  ],
  ['admin-retry', (id) => reopenForRetry(db(), id)],
  ['new-completion', (id) => claimRun(db(), id, `${id}-second-completion`)],
];

test.each(REOPEN_PATHS)(
  'a dead-lettered run re-opened by %s and finished resolves its letter, recording how',
  async (cause, reopen) => {
    const rolloverId = uniqueId(`dl-heal-${cause}`);
    const messageId = await deadLetteredRun(rolloverId);
    expect(await letter(messageId)).toMatchObject({ rolloverId, status: 'DEAD' });

    await reopen(rolloverId);
    expect((await runRef(db(), rolloverId).get()).data()).toMatchObject({ status: 'PENDING', reopenedBy: cause });
    // Re-opened is not healed: the letter stays open until the run finishes.
    expect((await letter(messageId)).status).toBe('DEAD');

    const before = Date.now();
    await finishCurrent(rolloverId);
    const resolved = await letter(messageId);
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: 'run-finished', resolvedBy: cause });
    expect(resolved.resolvedAt.toMillis()).toBeGreaterThanOrEqual(before - 5_000);
  },
  60_000,
);

test('a redrive of a letter whose run re-opened and finished answers 200 with it resolved, not 409', async () => {
  const rolloverId = uniqueId('dl-redrive-finished');
  await deadLetteredRun(rolloverId);
  await reopenForRetry(db(), rolloverId);
  await finishCurrent(rolloverId);

  const redrive = await adminApi('POST', '/dead-letters/redrive', { token: admin, body: { rolloverId } });
  expect(redrive.status).toBe(200);
  expect(redrive.body).toEqual({ redriven: [], notRedriven: [], resolved: [rolloverId] });
});

test('a letter whose run is gone is cleared by the sweep; one recorded for no run is recorded resolved', async () => {
  const rolloverId = uniqueId('dl-run-gone');
  const messageId = await deadLetteredRun(rolloverId);
  await runRef(db(), rolloverId).delete();
  const sweep = await adminApi('POST', '/sweep', { token: admin, body: {} });
  expect(sweep.status).toBe(200);
  expect(await letter(messageId)).toMatchObject({
    status: 'RESOLVED',
    resolution: 'run-missing',
    resolvedBy: 'sweeper',
  });

  // Recorded after its run was deleted: there is nothing to heal, so it is closed as it is recorded.
  const lateId = uniqueId('dl-msg-late');
  await recordDeadLetter(db(), {
    messageId: lateId,
    publishedAt: new Date(),
    payload: { rolloverId, eventId: 'e1', attempt: 1, reason: 'late' },
  });
  expect(await letter(lateId)).toMatchObject({
    status: 'RESOLVED',
    resolution: 'run-missing',
    resolvedBy: 'subscriber',
  });
}, 120_000);

test('admins list letters, open or resolved, newest first, in pages, with payload and reason', async () => {
  const ids = [uniqueId('dl-list-a'), uniqueId('dl-list-b'), uniqueId('dl-list-c')];
  const messageIds: string[] = [];
  for (const id of ids) messageIds.push(await deadLetteredRun(id));
  // The first one heals: it moves from the open list to the resolved one.
  await reopenForRetry(db(), ids[0]!);
  await finishCurrent(ids[0]!);

  const listAll = async (status: 'open' | 'resolved') => {
    const seen: { messageId: string; recordedAt: string; payload: string; reason: string | null; status: string }[] =
      [];
    let pageToken: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const query = `?status=${status}&pageSize=2${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const response = await adminApi('GET', `/dead-letters${query}`, { token: admin });
      expect(response.status).toBe(200);
      expect(response.body.letters.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.letters);
      pageToken = response.body.nextPageToken;
      if (!pageToken) return seen;
    }
    throw new Error('more than 200 pages of dead letters');
  };
  const open = await listAll('open');
  const openIds = open.map((l) => l.messageId);
  expect(openIds).toEqual(expect.arrayContaining(messageIds.slice(1)));
  expect(openIds).not.toContain(messageIds[0]);
  expect(new Set(openIds).size).toBe(openIds.length);
  const recorded = open.map((l) => Date.parse(l.recordedAt));
  expect(recorded).toEqual([...recorded].sort((a, b) => b - a));
  const c = open.find((l) => l.messageId === messageIds[2])!;
  expect(c).toMatchObject({ status: 'DEAD', reason: 'warehouse unreachable' });
  expect(JSON.parse(c.payload)).toMatchObject({ rolloverId: ids[2], reason: 'warehouse unreachable' });

  const resolved = await listAll('resolved');
  expect(resolved.find((l) => l.messageId === messageIds[0])).toMatchObject({
    status: 'RESOLVED',
    resolution: 'run-finished',
    resolvedBy: 'admin-retry',
  });
}, 240_000);

test.each([
  ['no token → 401', undefined, '', 401],
  ['a custodian token → 403', 'CUSTODIAN', '', 403],
  ['an unknown status → 400', 'ADMIN', '?status=gone', 400],
  ['a page size over 100 → 400', 'ADMIN', '?pageSize=101', 400],
  ['an unknown parameter → 400', 'ADMIN', '?limit=3', 400],
])('GET /dead-letters with %s', async (_name, who, query, status) => {
  const token =
    who === 'ADMIN' ? admin : who === 'CUSTODIAN' ? await idTokenFor({ custodianId: 'c1' }, 'dl-life-user') : undefined;
  const response = await adminApi('GET', `/dead-letters${query}`, { token });
  expect(response.status).toBe(status);
});
