// The replay ring buffer answers only what it can vouch for: events after a known, visible id;
// the whole window when it reaches back that far; otherwise null (the caller queries Firestore).
// A foreign id is answered exactly like an unknown one.
jest.mock('server-only', () => ({}));

import { ReplayBuffer } from '@/lib/stream/replay-buffer';
import type { StreamEvent } from '@/lib/stream/stream-event';

const event = (id: string, atMs: number, custodian = 'a'): StreamEvent => ({
  id,
  message: {
    type: 'etl_completed',
    eventType: 'etl.completed',
    rolloverId: `r-${id}`,
    transferId: null,
    sourceCustodianId: custodian,
    destinationCustodianId: 'x',
    timestamp: new Date(atMs).toISOString(),
    source: 'global-analytics-stream',
  },
});
const ids = (events: StreamEvent[] | null) => events?.map((e) => e.id) ?? null;
const all = () => true;
const custodianA = (e: StreamEvent) => e.message.sourceCustodianId === 'a';

test('answers nothing before the listener opened, and forgets everything when it reopens', () => {
  const buffer = new ReplayBuffer(10);
  expect(buffer.since('e1', all, 0)).toBeNull();
  buffer.restart(1_000);
  buffer.push(event('e1', 1_100));
  buffer.push(event('e2', 1_200));
  expect(ids(buffer.since('e1', all, 0))).toEqual(['e2']);
  buffer.stop();
  expect(buffer.since('e1', all, 0)).toBeNull();
  buffer.restart(5_000);
  expect(buffer.since('e1', all, 6_000)).toEqual([]);
  expect(buffer.since('e1', all, 4_000)).toBeNull();
});

test('after a known id: the later visible events not older than the floor, in order', () => {
  const buffer = new ReplayBuffer(10);
  buffer.restart(0);
  ['e1', 'e2', 'e3', 'e4'].forEach((id, i) => buffer.push(event(id, 100 * (i + 1), i === 2 ? 'b' : 'a')));
  expect(ids(buffer.since('e1', custodianA, 0))).toEqual(['e2', 'e4']);
  expect(ids(buffer.since('e1', custodianA, 250))).toEqual(['e4']);
});

test("another custodian's id is answered like an unknown id", () => {
  const buffer = new ReplayBuffer(10);
  buffer.restart(0);
  buffer.push(event('a1', 100));
  buffer.push(event('b1', 200, 'b'));
  buffer.push(event('a2', 300));
  expect(ids(buffer.since('b1', custodianA, 50))).toEqual(['a1', 'a2']);
  expect(buffer.since('b1', custodianA, 50)).toEqual(buffer.since('nope', custodianA, 50));
});

test('eviction moves the point from which the buffer is complete', () => {
  const buffer = new ReplayBuffer(3);
  buffer.restart(0);
  for (let i = 1; i <= 5; i++) buffer.push(event(`e${i}`, i * 100));
  expect(buffer.since('e1', all, 0)).toBeNull();
  expect(ids(buffer.since('e3', all, 0))).toEqual(['e4', 'e5']);
  expect(ids(buffer.since('unknown', all, 250))).toEqual(['e3', 'e4', 'e5']);
  expect(buffer.since('unknown', all, 150)).toBeNull();
});
