// The run and alert streams send named events (`event: run`) through the dashboard's controller
// (hooks/use-resilient-stream.ts). A 5xx or 429 ends the browser's EventSource for good, so the
// controller must reconnect with backoff, resume from the last named event's id, deliver each
// event once across a replay, and report a gap it could not replay (the caller then refetches).
import { startAnalyticsRefresh } from '@/lib/analytics-refresh/controller';
import { FakeEventSource } from './support/fake-event-source';

afterEach(() => jest.useRealTimers());

function start() {
  jest.useFakeTimers();
  FakeEventSource.all = [];
  const runs: unknown[] = [];
  const gaps = jest.fn();
  const states: string[] = [];
  const controller = startAnalyticsRefresh({
    url: '/api/etl/runs/stream',
    custodianId: null,
    events: { run: (data) => runs.push(JSON.parse(data)) },
    revalidate: gaps,
    createEventSource: (url) => new FakeEventSource(url),
    onChange: (s) => states.push(s.state),
    initialBackoffMs: 1_000,
    offlineAfter: 3,
  });
  return { controller, runs, gaps, states, last: () => FakeEventSource.all.at(-1)! };
}

test('failed connections back off, read offline, then resume from the last run id and go live', () => {
  const { controller, runs, gaps, states, last } = start();
  try {
    last().open();
    last().emitNamed('run', 'run-1', { rolloverId: 'r1' });
    expect(runs).toEqual([{ rolloverId: 'r1' }]);
    // Three refused connections (503s): 1 s, 2 s, 4 s apart, each resuming from run-1.
    for (const wait of [1_000, 2_000, 4_000]) {
      last().drop();
      jest.advanceTimersByTime(wait - 1);
      const before = FakeEventSource.all.length;
      jest.advanceTimersByTime(1);
      expect(FakeEventSource.all.length).toBe(before + 1);
      expect(last().url).toBe('/api/etl/runs/stream?lastEventId=run-1');
    }
    last().drop();
    expect(states.at(-1)).toBe('offline');
    jest.advanceTimersByTime(8_000);
    last().open();
    expect(states.at(-1)).toBe('live');
    // The replay repeats run-1, then brings what was missed, and is complete: no refetch.
    last().emitNamed('run', 'run-1', { rolloverId: 'r1' });
    last().emitNamed('run', 'run-2', { rolloverId: 'r2' });
    last().replay(true);
    expect(runs).toEqual([{ rolloverId: 'r1' }, { rolloverId: 'r2' }]);
    expect(gaps).not.toHaveBeenCalled();
  } finally {
    controller.close();
  }
});

test('a reconnect whose replay is incomplete reports the gap once', () => {
  const { controller, gaps, last } = start();
  try {
    last().open();
    last().emitNamed('run', 'run-1', { rolloverId: 'r1' });
    last().drop();
    jest.advanceTimersByTime(1_000);
    last().open();
    last().replay(false);
    expect(gaps).toHaveBeenCalledTimes(1);
  } finally {
    controller.close();
  }
});
