// The browser's offline and online events reach the refresh loop as inputs of its state step, not
// beside it: the shown state follows them and the connection's own events alike, a return online
// cuts a long backoff short (resuming from the last id, once), and a closed loop stops listening.
import {
  startAnalyticsRefresh,
  type NetworkEvents,
  type RefreshOptions,
  type RefreshSnapshot,
} from '@/lib/analytics-refresh/controller';
import { FakeEventSource } from './support/fake-event-source';

/** The window's online/offline events, driven by the test. */
class FakeNetwork implements NetworkEvents {
  listeners = new Set<(online: boolean) => void>();
  subscribe(listener: (online: boolean) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(online: boolean) {
    for (const listener of this.listeners) listener(online);
  }
}

let network: FakeNetwork;
let states: RefreshSnapshot['state'][];
let controller: ReturnType<typeof startAnalyticsRefresh>;
const latest = () => FakeEventSource.all.at(-1)!;

beforeEach(() => {
  jest.useFakeTimers();
  FakeEventSource.all = [];
  network = new FakeNetwork();
  states = [];
  // The option is new: a loop that ignored it would never hear the network.
  const options: RefreshOptions = {
    url: '/api/events/global-stream',
    custodianId: 'custodian-alpha',
    revalidate: jest.fn(),
    createEventSource: (url) => new FakeEventSource(url),
    onChange: (s) => states.push(s.state),
    initialBackoffMs: 1_000,
    maxBackoffMs: 30_000,
    offlineAfter: 3,
    network,
  };
  controller = startAnalyticsRefresh(options);
  latest().open();
});

afterEach(() => {
  controller.close();
  jest.useRealTimers();
});

test('offline while the connection stays open shows offline, and online shows live again', () => {
  network.set(false);
  expect(controller.snapshot().state).toBe('offline');
  network.set(true);
  expect(controller.snapshot().state).toBe('live');
  expect(states).toEqual(['live', 'offline', 'live']);
  expect(FakeEventSource.all).toHaveLength(1);
});

test('a connection that opens again after the browser said offline shows live', () => {
  network.set(false);
  latest().drop();
  jest.advanceTimersByTime(1_000);
  latest().open();
  expect(controller.snapshot().state).toBe('live');
});

test('back online after failed connections reconnects at once, from the last id, and only once', () => {
  latest().emit('e1', { type: 'funds_sent', rolloverId: 'r1' });
  for (let i = 0; i < 4; i++) {
    latest().drop();
    jest.advanceTimersByTime(30_000);
  }
  latest().drop(); // the fifth failure: the next try is 16 s away
  network.set(false);
  const before = FakeEventSource.all.length;
  network.set(true);
  jest.advanceTimersByTime(0);
  expect(FakeEventSource.all).toHaveLength(before + 1);
  expect(latest().url).toContain('lastEventId=e1');
  expect(controller.snapshot().state).toBe('reconnecting');
  // The backoff it replaced never fires a second connection.
  jest.advanceTimersByTime(60_000);
  expect(FakeEventSource.all).toHaveLength(before + 1);
  latest().open();
  expect(controller.snapshot().state).toBe('live');
});

test('online while a reconnect is still opening replaces it, and the replaced one is closed', () => {
  latest().drop();
  jest.advanceTimersByTime(1_000);
  const opening = latest();
  network.set(true);
  jest.advanceTimersByTime(0);
  expect(opening.closed).toBe(true);
  expect(latest()).not.toBe(opening);
  opening.open();
  expect(controller.snapshot().state).toBe('reconnecting');
});

test('a closed loop stops listening to the network', () => {
  controller.close();
  expect(network.listeners.size).toBe(0);
});
