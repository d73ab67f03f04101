// The shared listener against a fake Firestore: one onSnapshot for many subscribers, opened lazily
// and closed after the last; a listener error reopens from the last timestamp without dropping
// subscribers, and ids dedupe the overlap.
jest.mock('server-only', () => ({}));

import type { Firestore } from 'firebase-admin/firestore';
import { EventHub } from '@/lib/stream/event-hub';
import type { StreamEvent } from '@/lib/stream/stream-event';
import { FakeFirestore, doc, flush, snapshot } from './support/fake-listener-firestore';

let fake: FakeFirestore;
let hub: EventHub;

beforeEach(() => {
  fake = new FakeFirestore();
  hub = new EventHub({ db: () => fake as unknown as Firestore, resolveParties: async () => null });
});

test('many subscribers share one listener, opened lazily and closed after the last leaves', () => {
  expect(hub.stats().listeners).toBe(0);
  const unsubscribes = Array.from({ length: 50 }, () => hub.subscribe(() => undefined));
  expect(fake.listeners).toHaveLength(1);
  expect(hub.stats()).toMatchObject({ listeners: 1, subscribers: 50 });
  unsubscribes.slice(1).forEach((u) => u());
  expect(fake.open()).toHaveLength(1);
  unsubscribes[0]!();
  expect(fake.open()).toHaveLength(0);
  expect(hub.stats()).toMatchObject({ listeners: 0, subscribers: 0 });
});

test('the first snapshot does not deliver events older than the connection', async () => {
  const got: StreamEvent[] = [];
  hub.subscribe((e) => got.push(e));
  const now = Date.now();
  fake.listeners[0]!.next(snapshot(doc('old', now - 1_500), doc('new', now + 10)));
  await flush();
  expect(got.map((e) => e.id)).toEqual(['new']);
});

test('a listener error reopens from the last timestamp, keeps subscribers and dedupes the overlap', async () => {
  jest.useFakeTimers();
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const got: string[] = [];
    hub.subscribe((e) => got.push(e.id));
    const t = Date.now() + 1_000;
    fake.listeners[0]!.next(snapshot(doc('e1', t), doc('e2', t + 5)));
    await jest.advanceTimersByTimeAsync(0);
    fake.listeners[0]!.error(new Error('UNAVAILABLE'));
    expect(hub.stats()).toMatchObject({ listeners: 0, subscribers: 1, errors: 1 });
    await jest.advanceTimersByTimeAsync(250);
    expect(fake.listeners).toHaveLength(2);
    expect(fake.listeners[1]!.start.toMillis()).toBe(t + 5);
    fake.listeners[1]!.next(snapshot(doc('e2', t + 5), doc('e3', t + 9)));
    await jest.advanceTimersByTimeAsync(0);
    expect(got).toEqual(['e1', 'e2', 'e3']);
    expect(hub.stats()).toMatchObject({ listeners: 1, subscribers: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
  } finally {
    warn.mockRestore();
    jest.useRealTimers();
  }
});
