// A reconnect after longer than the replay window: the events older than the window are not
// replayed, and the stream says the replay is incomplete, so the dashboard refetches.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { connectSse, frameIds as ids, openReaders, replayStatus } from '../../web/test/support/sse-client';
import { writeCompleted } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';

// Web settings are read once per process (a Jest file is one): a 2-second replay window.
process.env.SSE_REPLAY_WINDOW_MS = '2000';
const URL_ = 'http://localhost/api/events/global-stream';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

test('an id older than the window is not resumed from, and the stream says so', async () => {
  const custodian = uniqueId('cust-window');
  const token = await idTokenFor({ custodianId: custodian }, 'window');
  const old = await writeCompleted(db(), { rolloverId: uniqueId('win'), source: custodian, destination: 'x' });
  const missedLongAgo = await writeCompleted(db(), {
    rolloverId: uniqueId('win'),
    source: custodian,
    destination: 'x',
  });
  await new Promise((r) => setTimeout(r, 2_500)); // the client stays away longer than the window
  const recent = await writeCompleted(db(), { rolloverId: uniqueId('win'), source: custodian, destination: 'x' });

  const resumed = await connectSse(globalStream, URL_, token, { 'Last-Event-ID': old });
  await resumed.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(resumed)).toBe(false);
  expect(ids(resumed)).toContain(recent);
  expect(ids(resumed)).not.toContain(missedLongAgo);

  // Within the window the same client resumes completely.
  const again = await connectSse(globalStream, URL_, token, { 'Last-Event-ID': recent });
  await again.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(again)).toBe(true);
});
