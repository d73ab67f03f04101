// The refresh logic behind useAnalyticsRefresh, with a fake EventSource and Jest's fake timers:
// one summary revalidation per etl_completed, the fallback only when the signal is missing,
// reconnects with backoff and Last-Event-ID after a drop.
import { startAnalyticsRefresh, type RefreshSnapshot } from '@/lib/analytics-refresh/controller';
import { FakeEventSource } from './support/fake-event-source';

const ME = 'custodian-alpha';
const completed = (rolloverId: string, source = ME) => ({
  type: 'transfer_completed',
  eventType: 'rollover.completed',
  rolloverId,
  transferId: `tr-${rolloverId}`,
  sourceCustodianId: source,
  destinationCustodianId: 'custodian-x',
});
const etl = (rolloverId: string, source = ME) => ({
  ...completed(rolloverId, source),
  type: 'etl_completed',
  eventType: 'etl.completed',
});

let revalidate: jest.Mock;
let states: RefreshSnapshot[];
let controller: ReturnType<typeof startAnalyticsRefresh>;
const latest = () => FakeEventSource.all.at(-1)!;

beforeEach(() => {
  jest.useFakeTimers();
  FakeEventSource.all = [];
  revalidate = jest.fn();
  states = [];
  controller = startAnalyticsRefresh({
    url: '/api/events/global-stream',
    custodianId: ME,
    revalidate,
    createEventSource: (url) => new FakeEventSource(url),
    onChange: (s) => states.push(s),
    fallbackMs: 5_000,
    initialBackoffMs: 1_000,
    offlineAfter: 3,
  });
  latest().open();
});

afterEach(() => {
  controller.close();
  jest.useRealTimers();
});

test('etl_completed for the shown custodian triggers exactly one revalidation, and cancels the fallback', () => {
  latest().emit('c1', completed('r1'));
  expect(revalidate).not.toHaveBeenCalled();
  expect(controller.snapshot().feed[0]).toMatchObject({ rolloverId: 'r1', status: 'awaiting-etl' });
  latest().emit('e1', etl('r1'));
  expect(revalidate).toHaveBeenCalledTimes(1);
  latest().emit('e1', etl('r1'));
  jest.advanceTimersByTime(60_000);
  expect(revalidate).toHaveBeenCalledTimes(1);
  expect(controller.snapshot()).toMatchObject({
    possiblyStale: false,
    feed: [{ rolloverId: 'r1', status: 'counted' }],
  });
});

test('events of other custodians change nothing', () => {
  latest().emit('c2', completed('r2', 'custodian-beta'));
  latest().emit('e2', etl('r2', 'custodian-beta'));
  jest.advanceTimersByTime(60_000);
  expect(revalidate).not.toHaveBeenCalled();
  expect(controller.snapshot().feed).toEqual([]);
});

test('the fallback fires only when the signal is missing, and marks the data possibly stale', () => {
  latest().emit('c3', completed('r3'));
  jest.advanceTimersByTime(4_999);
  expect(revalidate).not.toHaveBeenCalled();
  jest.advanceTimersByTime(1);
  expect(revalidate).toHaveBeenCalledTimes(1);
  expect(controller.snapshot()).toMatchObject({
    possiblyStale: true,
    feed: [{ rolloverId: 'r3', status: 'possibly-stale' }],
  });

  // The late signal still refreshes once and clears the warning.
  latest().emit('e3', etl('r3'));
  expect(revalidate).toHaveBeenCalledTimes(2);
  expect(controller.snapshot()).toMatchObject({ possiblyStale: false, feed: [{ status: 'counted' }] });
});

test('reconnects after a drop with backoff, resumes from the last event id, and reports the state', () => {
  latest().emit('e0', etl('r0'));
  expect(revalidate).toHaveBeenCalledTimes(1);
  expect(controller.snapshot().state).toBe('live');
  const first = latest();
  first.drop();
  expect(first.closed).toBe(true);
  expect(controller.snapshot().state).toBe('reconnecting');
  expect(FakeEventSource.all).toHaveLength(1);
  jest.advanceTimersByTime(1_000);
  expect(FakeEventSource.all).toHaveLength(2);
  expect(latest().url).toBe('/api/events/global-stream?lastEventId=e0');

  latest().drop();
  jest.advanceTimersByTime(1_999);
  expect(FakeEventSource.all).toHaveLength(2);
  jest.advanceTimersByTime(1);
  latest().drop();
  expect(controller.snapshot().state).toBe('offline');
  jest.advanceTimersByTime(4_000);
  latest().open();
  expect(controller.snapshot().state).toBe('live');

  // The replay repeats e0 (ignored) and brings e4: one more revalidation, not two.
  latest().emit('e0', etl('r0'));
  latest().emit('e4', etl('r4'));
  expect(revalidate).toHaveBeenCalledTimes(2);
});

test('close stops the connection, the reconnects and the fallbacks', () => {
  latest().emit('c5', completed('r5'));
  latest().drop();
  controller.close();
  jest.advanceTimersByTime(60_000);
  expect(FakeEventSource.all).toHaveLength(1);
  expect(revalidate).not.toHaveBeenCalled();
});

test('a revision signal of a rollover already counted refreshes again, once per revision', () => {
  latest().emit('etl-completed-r1', etl('r1'));
  expect(revalidate).toHaveBeenCalledTimes(1);
  // An admin reprocessed r1 (a correction): revision 2 has its own event id and number.
  latest().emit('etl-revision-2-r1', { ...etl('r1'), revision: 2, custodianIds: [ME, 'custodian-x'] });
  expect(revalidate).toHaveBeenCalledTimes(2);
  latest().emit('etl-revision-2-r1', { ...etl('r1'), revision: 2, custodianIds: [ME, 'custodian-x'] });
  expect(revalidate).toHaveBeenCalledTimes(2);
});

test('a revision that moved the transfer away from the shown custodian refreshes its cards too', () => {
  // The correction made custodian-y the source instead of me: I am only among the custodianIds.
  const moved = { ...etl('r2', 'custodian-y'), revision: 2, custodianIds: ['custodian-y', 'custodian-x', ME] };
  latest().emit('etl-revision-2-r2', moved);
  expect(revalidate).toHaveBeenCalledTimes(1);
});
