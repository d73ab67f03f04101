// The server ends every stream at its maximum lifetime (an `error` after `open`, to EventSource).
// The dashboard's controller must treat that as routine: resume from the last event id each time,
// never count the ends toward "offline", and lose or double-count nothing across the gaps.
import { startAnalyticsRefresh } from '@/lib/analytics-refresh/controller';
import { FakeEventSource } from './support/fake-event-source';

const etl = (rolloverId: string) => ({
  type: 'etl_completed',
  eventType: 'etl.completed',
  rolloverId,
  transferId: `tr-${rolloverId}`,
  sourceCustodianId: 'custodian-alpha',
  destinationCustodianId: 'custodian-x',
});

afterEach(() => jest.useRealTimers());

test('lifetime ends resume from the last id every time, never go offline, and count each event once', () => {
  jest.useFakeTimers();
  FakeEventSource.all = [];
  const revalidate = jest.fn();
  const states: string[] = [];
  const controller = startAnalyticsRefresh({
    url: '/api/events/global-stream',
    custodianId: 'custodian-alpha',
    revalidate,
    createEventSource: (url) => new FakeEventSource(url),
    onChange: (s) => states.push(s.state),
    initialBackoffMs: 1_000,
    offlineAfter: 3,
  });
  try {
    for (let lifetime = 0; lifetime < 5; lifetime++) {
      const source = FakeEventSource.all.at(-1)!;
      source.open();
      // The replay after a reconnect may repeat the last event; it must not count twice. The
      // server then says the replay was complete: nothing was missed, so no extra refetch.
      if (lifetime > 0) {
        source.emit(`e${lifetime - 1}`, etl(`r${lifetime - 1}`));
        source.replay(true);
      }
      source.emit(`e${lifetime}`, etl(`r${lifetime}`));
      source.drop(); // the server ended the stream at its lifetime
      expect(source.closed).toBe(true);
      jest.advanceTimersByTime(1_000);
      expect(FakeEventSource.all.at(-1)!.url).toBe(`/api/events/global-stream?lastEventId=e${lifetime}`);
    }
    expect(states).not.toContain('offline');
    expect(revalidate).toHaveBeenCalledTimes(5);
  } finally {
    controller.close();
  }
});

test('a reconnect whose replay the server reports incomplete, or never reports, refetches once', () => {
  jest.useFakeTimers();
  FakeEventSource.all = [];
  const revalidate = jest.fn();
  const controller = startAnalyticsRefresh({
    url: '/api/events/global-stream',
    custodianId: 'custodian-alpha',
    revalidate,
    createEventSource: (url) => new FakeEventSource(url),
    initialBackoffMs: 1_000,
    replayWaitMs: 3_000,
  });
  try {
    FakeEventSource.all.at(-1)!.open();
    FakeEventSource.all.at(-1)!.emit('e0', etl('r0'));
    expect(revalidate).toHaveBeenCalledTimes(1);
    // Away longer than the replay window: the server could not resume from e0.
    FakeEventSource.all.at(-1)!.drop();
    jest.advanceTimersByTime(1_000);
    FakeEventSource.all.at(-1)!.open();
    expect(revalidate).toHaveBeenCalledTimes(1);
    FakeEventSource.all.at(-1)!.replay(false);
    expect(revalidate).toHaveBeenCalledTimes(2);
    // A server that never says: the wait runs out and the dashboard refetches anyway, once.
    FakeEventSource.all.at(-1)!.drop();
    jest.advanceTimersByTime(1_000);
    FakeEventSource.all.at(-1)!.open();
    jest.advanceTimersByTime(3_000);
    expect(revalidate).toHaveBeenCalledTimes(3);
    jest.advanceTimersByTime(30_000);
    expect(revalidate).toHaveBeenCalledTimes(3);
  } finally {
    controller.close();
  }
});
