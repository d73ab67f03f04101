// Honest replay: a listener error loses nothing and the ring buffer never vouches for a gap. The
// hub re-opens from the last point it saw (where it first opened, when it has seen nothing yet),
// as the runs hub does, and until the re-opened listener has caught up the buffer answers no
// replay, so a reconnect then reads Firestore instead of being told it missed nothing.
jest.mock('server-only', () => ({}));

import type { Firestore } from 'firebase-admin/firestore';
import { EventHub } from '@/lib/stream/event-hub';
import { FakeFirestore, doc, snapshot } from './support/fake-listener-firestore';

let fake: FakeFirestore;
let hub: EventHub;
let warn: jest.SpyInstance;

beforeEach(() => {
  jest.useFakeTimers();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  fake = new FakeFirestore();
  hub = new EventHub({ db: () => fake as unknown as Firestore, resolveParties: async () => null });
});

afterEach(() => {
  warn.mockRestore();
  jest.useRealTimers();
});

const all = () => true;

test('an error before any event was seen re-opens from where the first open started, not from now', async () => {
  const got: string[] = [];
  hub.subscribe((e) => got.push(e.id));
  const firstStart = fake.listeners[0]!.start.toMillis();
  const subscribedAt = Date.now();
  await jest.advanceTimersByTimeAsync(30_000);
  fake.listeners[0]!.error(new Error('UNAVAILABLE'));
  await jest.advanceTimersByTimeAsync(250);
  expect(fake.listeners).toHaveLength(2);
  expect(fake.listeners[1]!.start.toMillis()).toBe(firstStart);

  // An event written 10 s after the subscriber came, while the listener was down, still reaches it.
  fake.listeners[1]!.next(snapshot(doc('in-gap', subscribedAt + 10_000), doc('after', Date.now())));
  await jest.advanceTimersByTimeAsync(0);
  expect(got).toEqual(['in-gap', 'after']);
});

test('between a listener error and the re-opened listener catching up, the buffer vouches for nothing', async () => {
  hub.subscribe(() => undefined);
  const t = Date.now() + 1_000;
  fake.listeners[0]!.next(snapshot(doc('e1', t)));
  await jest.advanceTimersByTimeAsync(0);
  const floor = Date.now() - 300_000;
  expect(hub.bufferedSince('e1', all, floor)).toEqual({ events: [], resumed: true });

  fake.listeners[0]!.error(new Error('UNAVAILABLE'));
  // Whatever was written meanwhile is not in memory: the caller must read Firestore.
  expect(hub.bufferedSince('e1', all, floor)).toBeNull();
  await jest.advanceTimersByTimeAsync(250);
  expect(fake.listeners).toHaveLength(2);
  expect(hub.bufferedSince('e1', all, floor)).toBeNull();

  fake.listeners[1]!.next(snapshot(doc('e1', t), doc('in-gap', t + 100)));
  await jest.advanceTimersByTimeAsync(0);
  const caughtUp = hub.bufferedSince('e1', all, floor);
  expect(caughtUp?.events.map((e) => e.id)).toEqual(['in-gap']);
  expect(caughtUp?.resumed).toBe(true);
});
