// The admins' alert stream against the emulators: an alert the sweeper's store opens, then
// resolves, reaches every admin's stream as named `alert` events through one shared listener; a
// stream that connects later gets the alerts as they are at once; 401 and 403.
jest.mock('server-only', () => ({}));

import { EtlAlert } from '@trustrails/contracts';
import { GET as alertStream } from '../../web/app/api/etl/alerts/stream/route';
import { alertsHub } from '../../web/lib/etl/alerts-hub';
import { connectSse, openReaders, type SseReader } from '../../web/test/support/sse-client';
import { applyResult, noteOccurrence, readAlert } from '../../functions/src/alerts/store';
import { db } from '../support/firebase';
import { idTokenFor } from '../support/identity';

const URL_ = 'http://localhost/api/etl/alerts/stream';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

const alertsOf = (reader: SseReader) =>
  reader.named
    .filter((f) => f.event === 'alert')
    .map((f) => ({ id: f.id!, alert: EtlAlert.parse(JSON.parse(f.data!)) }));
const last = (reader: SseReader) =>
  alertsOf(reader)
    .filter((c) => c.alert.condition === 'deadLetters')
    .at(-1);

test('an alert opening and resolving reaches every admin through one listener; a late stream gets it at once', async () => {
  const admin = await idTokenFor({ admin: true }, 'alertstream-admin');
  const [first, second] = [await connectSse(alertStream, URL_, admin), await connectSse(alertStream, URL_, admin)];
  expect(alertsHub().listeners()).toBe(1);
  // Start from a resolved alert, so opening it is a change whatever the stack held before.
  await applyResult(db(), { condition: 'deadLetters', value: 0, threshold: 0, breached: false }, new Date());

  const openedAt = new Date();
  expect(await applyResult(db(), { condition: 'deadLetters', value: 2, threshold: 0, breached: true }, openedAt)).toBe(
    'opened',
  );
  for (const reader of [first, second]) await reader.waitFor('the open alert', (x) => last(x)?.alert.state === 'open');
  expect(last(first)!.alert).toEqual({
    condition: 'deadLetters',
    state: 'open',
    value: 2,
    threshold: 0,
    openedAt: openedAt.toISOString(),
    resolvedAt: null,
    occurrences: 0,
    lastOccurrenceAt: null,
  });
  expect(last(first)!.id).toBe(`deadLetters@${openedAt.getTime()}`);

  // A new dead letter while it is open is counted on the alert: a change of its own on the stream.
  await db().runTransaction(async (tx) => noteOccurrence(tx, await readAlert(tx, db(), 'deadLetters')));
  await first.waitFor('the occurrence', (x) => last(x)?.alert.occurrences === 1);
  expect(last(first)!.id).toBe(`deadLetters@${openedAt.getTime()}#1`);

  const late = await connectSse(alertStream, URL_, admin);
  await late.waitFor('the alert as it is now', (x) => last(x)?.alert.state === 'open');

  const resolvedAt = new Date(openedAt.getTime() + 1_000);
  await applyResult(db(), { condition: 'deadLetters', value: 0, threshold: 0, breached: false }, resolvedAt);
  for (const reader of [first, second, late])
    await reader.waitFor('the resolved alert', (x) => last(x)?.alert.state === 'resolved');
  expect(last(late)!.alert).toMatchObject({ openedAt: openedAt.toISOString(), resolvedAt: resolvedAt.toISOString() });
  expect(alertsHub().listeners()).toBe(1);
});

test('401 without identity, 403 for a custodian user', async () => {
  expect((await alertStream(new Request(URL_))).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'alertstream-custodian');
  const refused = await alertStream(new Request(URL_, { headers: { authorization: `Bearer ${custodian}` } }));
  expect(refused.status).toBe(403);
});
