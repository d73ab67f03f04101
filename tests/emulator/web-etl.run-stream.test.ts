// The admins' run stream against the emulators: every change of a run arrives as a named `run`
// event carrying the run's monitor view, through one shared listener however many admins watch;
// a reconnect with Last-Event-ID replays the changes after it; 401 and 403.
jest.mock('server-only', () => ({}));

import { GET as runStream } from '../../web/app/api/etl/runs/stream/route';
import { runsHub } from '../../web/lib/etl/runs-hub';
import { connectSse, openReaders, replayStatus, type SseReader } from '../../web/test/support/sse-client';
import { waitForCompletion } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

const URL_ = 'http://localhost/api/etl/runs/stream';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

const runsOf = (reader: SseReader, rolloverId: string) =>
  reader.named
    .filter((f) => f.event === 'run')
    .map((f) => ({ id: f.id!, run: JSON.parse(f.data ?? '{}') as { rolloverId: string; status: string } }))
    .filter((c) => c.run.rolloverId === rolloverId);

test("a run's changes reach every admin's stream through one listener, and a reconnect replays what it missed", async () => {
  const admin = await idTokenFor({ admin: true }, 'runstream-admin');
  const [first, second] = [await connectSse(runStream, URL_, admin), await connectSse(runStream, URL_, admin)];
  expect(runsHub().listeners()).toBe(1);

  const rolloverId = uniqueId('runstream');
  await writeLifecycle(rollover({ rolloverId, prefix: 'rs', amountCents: 1_00 }));
  await waitForCompletion(rolloverId);
  for (const reader of [first, second])
    await reader.waitFor('the FINISHED change', (x) => runsOf(x, rolloverId).some((c) => c.run.status === 'FINISHED'));
  const seen = runsOf(first, rolloverId).map((c) => c.run.status);
  expect(seen[0]).toBe('PENDING');
  expect(seen.at(-1)).toBe('FINISHED');

  // Away since the first change: the reconnect gets the later ones, and is told it missed nothing.
  const firstChange = runsOf(first, rolloverId)[0]!.id;
  const resumed = await connectSse(runStream, URL_, admin, { 'Last-Event-ID': firstChange });
  await resumed.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(resumed)).toBe(true);
  expect(
    runsOf(resumed, rolloverId)
      .map((c) => c.run.status)
      .at(-1),
  ).toBe('FINISHED');
  expect(runsOf(resumed, rolloverId).map((c) => c.id)).not.toContain(firstChange);

  // An id this stream never sent cannot be resumed from: the monitor is told to refetch.
  const unknown = await connectSse(runStream, URL_, admin, { 'Last-Event-ID': 'not-a-change-id' });
  await unknown.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(unknown)).toBe(false);
});

test('401 without identity, 403 for a custodian user', async () => {
  expect((await runStream(new Request(URL_))).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'runstream-custodian');
  const refused = await runStream(new Request(URL_, { headers: { authorization: `Bearer ${custodian}` } }));
  expect(refused.status).toBe(403);
});
