// The dashboard's half of freshness: a live etl_completed for the shown custodian is timed from its
// arrival to the first render of different card figures, on the browser's monotonic clock, and
// sent with the server's commit -> send; replays, other custodians and renders of the same figures
// are not samples, and one tab sends at most one beacon per interval.
import type { StreamMessage } from '@trustrails/contracts';
import type { FreshnessBeaconBody } from '@trustrails/contracts/freshness';
import { RenderSampler } from '@/lib/freshness/render-sampler';

const signal = (overrides: Partial<StreamMessage> = {}): StreamMessage => ({
  type: 'etl_completed',
  eventType: 'etl.completed',
  rolloverId: 'r1',
  transferId: 't1',
  sourceCustodianId: 'alpha',
  destinationCustodianId: 'beta',
  timestamp: new Date().toISOString(),
  source: 'global-analytics-stream',
  commitToSendMs: 40,
  ...overrides,
});

function sampler(minIntervalMs = 10_000) {
  let clock = 1_000;
  const sent: FreshnessBeaconBody[] = [];
  const s = new RenderSampler({ custodianId: 'alpha', send: (b) => sent.push(b), now: () => clock, minIntervalMs });
  return { s, sent, advance: (ms: number) => (clock += ms) };
}

test('arrival to the render of new figures, plus the server part, is one beacon', () => {
  const { s, sent, advance } = sampler();
  s.rendered('1|100|5');
  s.received(signal(), 'etl-completed-r1');
  advance(120);
  s.rendered('1|100|5');
  expect(sent).toEqual([]);
  advance(30);
  s.rendered('2|200|6');
  expect(sent).toEqual([{ eventId: 'etl-completed-r1', commitToSendMs: 40, receiveToRenderMs: 150 }]);
});

test('replays (no commitToSendMs), other custodians and other types are not sampled', () => {
  const { s, sent } = sampler();
  s.rendered('1|100|5');
  const { commitToSendMs: _live, ...replayed } = signal();
  s.received(replayed, 'etl-completed-replayed');
  s.received(signal({ sourceCustodianId: 'gamma', destinationCustodianId: 'delta' }), 'etl-completed-other');
  s.received(signal({ type: 'transfer_completed', eventType: 'rollover.completed' }), 'r1-completed');
  s.rendered('2|200|6');
  expect(sent).toEqual([]);
});

test('one beacon per interval from a tab; a receipt whose cards never change is forgotten', () => {
  const { s, sent, advance } = sampler(10_000);
  s.rendered('1');
  s.received(signal(), 'a');
  s.rendered('2');
  s.received(signal(), 'b');
  advance(1_000);
  s.rendered('3');
  expect(sent.map((b) => b.eventId)).toEqual(['a']);
  s.received(signal(), 'c');
  advance(31_000);
  s.rendered('3');
  s.received(signal(), 'd');
  s.rendered('4');
  expect(sent.map((b) => b.eventId)).toEqual(['a', 'd']);
});
