// A Last-Event-ID is checked before it reaches Firestore: one that cannot be an event's document id
// (a path through other collections, a reserved or oversized id) is answered without a single
// read, with no replayed window and `complete: false`, so the dashboard refetches its figures.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { eventHub } from '../../web/lib/stream/event-hub';
import { connectSse, frameIds as ids, openReaders, replayStatus } from '../../web/test/support/sse-client';
import { writeCompleted } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

const URL_ = 'http://localhost/api/events/global-stream';

let alpha: string;
let alphaToken: string;

beforeAll(async () => {
  alpha = uniqueId('cust-leid');
  alphaToken = await idTokenFor({ custodianId: alpha }, 'leid-alpha');
});

beforeEach(async () => {
  await waitFor('no streams left from earlier tests', async () => eventHub().stats().subscribers === 0);
});

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

test.each([
  ['a path through another collection', 'x/etlRuns/some-run'],
  ['a reserved id', '__bogus__'],
  ['an id over 1,500 bytes', 'e'.repeat(1_600)],
  ['a dot-dot', '..'],
])('a Last-Event-ID that is %s is refused before any read', async (_name, bogus) => {
  const own = await writeCompleted(db(), { rolloverId: uniqueId('leid'), source: alpha, destination: uniqueId('o') });
  const before = eventHub().stats().replay;
  const reader = await connectSse(globalStream, URL_, alphaToken, { 'Last-Event-ID': bogus });
  await reader.waitFor('the replay status', (x) => replayStatus(x) !== undefined);
  expect(replayStatus(reader)).toBe(false);
  // Nothing was read for it: neither the id's document nor the window after it.
  expect(ids(reader)).not.toContain(own);
  expect(eventHub().stats().replay).toEqual(before);
});
