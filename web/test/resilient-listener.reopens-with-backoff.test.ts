// The listener the admin hubs share, against a fake query (a Firestore listener error cannot be
// forced on the emulator): it re-opens on a freshly built query after an error, waiting 250 ms and
// then twice as long each time up to 10 s; a snapshot resets the wait; nobody wanting it, or a
// close, means no re-open.
jest.mock('server-only', () => ({}));

import type { Query, QuerySnapshot } from 'firebase-admin/firestore';
import { ResilientListener } from '@/lib/stream/resilient-listener';

interface FakeListen {
  next: (snapshot: QuerySnapshot) => void;
  error: (error: Error) => void;
  closed: boolean;
}

function setup(wanted = true) {
  const listens: FakeListen[] = [];
  let built = 0;
  const snapshots: QuerySnapshot[] = [];
  const listener = new ResilientListener({
    name: 'test',
    query: () => {
      built += 1;
      return {
        onSnapshot: (next: FakeListen['next'], error: FakeListen['error']) => {
          const listen: FakeListen = { next, error, closed: false };
          listens.push(listen);
          return () => (listen.closed = true);
        },
      } as unknown as Query;
    },
    onSnapshot: (snapshot) => snapshots.push(snapshot),
    wanted: () => wanted,
  });
  return { listener, listens, snapshots, built: () => built };
}

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

test('an error re-opens on a new query after 250 ms, then 500 ms, and a snapshot resets the wait', () => {
  const { listener, listens, snapshots, built } = setup();
  listener.open();
  expect(listener.listeners()).toBe(1);
  listens[0]!.error(new Error('unavailable'));
  expect(listener.listeners()).toBe(0);
  jest.advanceTimersByTime(249);
  expect(built()).toBe(1);
  jest.advanceTimersByTime(1);
  expect(built()).toBe(2);
  expect(listener.listeners()).toBe(1);

  listens[1]!.error(new Error('unavailable'));
  jest.advanceTimersByTime(499);
  expect(built()).toBe(2);
  jest.advanceTimersByTime(1);
  expect(built()).toBe(3);

  const snapshot = { size: 0 } as unknown as QuerySnapshot;
  listens[2]!.next(snapshot);
  expect(snapshots).toEqual([snapshot]);
  listens[2]!.error(new Error('unavailable'));
  jest.advanceTimersByTime(250);
  expect(built()).toBe(4);
});

test('the wait doubles up to 10 s and no further', () => {
  const { listener, listens, built } = setup();
  listener.open();
  const waits = [250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000];
  waits.forEach((waitMs, i) => {
    listens[i]!.error(new Error('unavailable'));
    jest.advanceTimersByTime(waitMs - 1);
    expect(built()).toBe(i + 1);
    jest.advanceTimersByTime(1);
    expect(built()).toBe(i + 2);
  });
});

test('no re-open when nobody wants it, or after a close', () => {
  const unwanted = setup(false);
  unwanted.listener.open();
  unwanted.listens[0]!.error(new Error('unavailable'));
  jest.advanceTimersByTime(60_000);
  expect(unwanted.built()).toBe(1);

  const closed = setup();
  closed.listener.open();
  closed.listens[0]!.error(new Error('unavailable'));
  closed.listener.close();
  jest.advanceTimersByTime(60_000);
  expect(closed.built()).toBe(1);
  expect(closed.listener.listeners()).toBe(0);
});

test('a re-open drops the listener it replaces', () => {
  const { listener, listens } = setup();
  listener.open();
  listener.open();
  expect(listens.map((l) => l.closed)).toEqual([true, false]);
  expect(listener.listeners()).toBe(1);
});
