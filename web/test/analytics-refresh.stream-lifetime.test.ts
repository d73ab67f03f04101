// The server ends every stream at its maximum lifetime (an `error` after `open`, to EventSource).
// The dashboard's controller must treat that as routine: resume from the last event id each time,
// never count the ends toward "offline", and lose or double-count nothing across the gaps.
import { startAnalyticsRefresh } from '../lib/analytics-refresh/controller';
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
      // The replay after a reconnect may repeat the last event; it must not count twice.
      if (lifetime > 0) source.emit(`e${lifetime - 1}`, etl(`r${lifetime - 1}`));
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
