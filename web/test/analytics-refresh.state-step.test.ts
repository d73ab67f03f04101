// The refresh's pure state step, input by input and state by state: connection life (first open,
// resumed reconnects, replay status, drops with backoff, the browser offline and online), messages (signal, fallback,
// duplicates, other custodians, bad data, the feed) and closing.
import {
  initialState,
  step,
  type RefreshConfig,
  type RefreshEffect,
  type RefreshInput,
  type RefreshState,
} from '@/lib/analytics-refresh/state-step';
import { streamMessage } from './support/refresh-messages';

const config: RefreshConfig = {
  custodianId: 'c-a',
  fallbackMs: 5_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 8_000,
  offlineAfter: 3,
  feedSize: 2,
  replayWaitMs: 3_000,
};

function run(inputs: RefreshInput[], from: RefreshState = initialState(), cfg = config) {
  let state = from;
  const effects: RefreshEffect[] = [];
  for (const input of inputs) {
    const result = step(state, input, cfg);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}
const kinds = (effects: RefreshEffect[]) => effects.map((e) => e.kind);
const revalidations = (effects: RefreshEffect[]) => effects.flatMap((e) => (e.kind === 'revalidate' ? [e.reason] : []));

const msg = (id: string | null, type: string, rolloverId: string, custodian = 'c-a'): RefreshInput =>
  streamMessage(id, type, rolloverId, custodian);
const transfer = (id: string, rolloverId: string, custodian?: string) =>
  msg(id, 'transfer_completed', rolloverId, custodian);
const etl = (id: string, rolloverId: string, custodian?: string) => msg(id, 'etl_completed', rolloverId, custodian);

const opened: RefreshInput = { kind: 'opened' };
const dropped: RefreshInput = { kind: 'dropped' };

describe('connection', () => {
  test('the first open goes live and asks for nothing', () => {
    const { state, effects } = run([opened]);
    expect(state).toMatchObject({ connection: 'live', failures: 0, openedBefore: true, awaitingReplay: false });
    expect(effects).toEqual([]);
  });

  test('a drop backs off exponentially up to the cap, resumes from the last id, and reads offline after 3', () => {
    const { state, effects } = run([opened, etl('e1', 'r1'), dropped, dropped, dropped, dropped, dropped]);
    expect(effects.filter((e) => e.kind === 'connect')).toEqual(
      [1_000, 2_000, 4_000, 8_000, 8_000].map((afterMs) => ({ kind: 'connect', afterMs, lastEventId: 'e1' })),
    );
    expect(state.connection).toBe('offline');
    expect(run([opened, dropped]).state.connection).toBe('reconnecting');
    expect(run([opened, dropped, dropped]).state.connection).toBe('reconnecting');
    expect(run([opened, dropped, dropped, opened]).state).toMatchObject({ connection: 'live', failures: 0 });
  });

  test('a reconnect that can resume waits for the replay status', () => {
    const { state, effects } = run([opened, etl('e1', 'r1'), dropped, opened]);
    expect(state.awaitingReplay).toBe(true);
    expect(effects.at(-1)).toEqual({ kind: 'start-replay-wait', ms: 3_000 });
  });

  test.each([
    ['complete: nothing was missed, no refetch', true, []],
    ['incomplete: the gap is unknown, one refetch', false, ['replay-gap']],
  ])('replay status %s', (_, complete, expected) => {
    const resumed = run([opened, etl('e1', 'r1'), dropped, opened]).state;
    const { state, effects } = run([{ kind: 'replay', complete }], resumed);
    expect(state.awaitingReplay).toBe(false);
    expect(kinds(effects)[0]).toBe('cancel-replay-wait');
    expect(revalidations(effects)).toEqual(expected);
  });

  test('no replay status in time counts as an unknown gap: one refetch', () => {
    const resumed = run([opened, etl('e1', 'r1'), dropped, opened]).state;
    const { state, effects } = run([{ kind: 'replay-wait-over' }, { kind: 'replay', complete: false }], resumed);
    expect(revalidations(effects)).toEqual(['replay-gap']);
    expect(state.awaitingReplay).toBe(false);
  });

  test('a replay status or a wait that is not expected changes nothing', () => {
    const live = run([opened]).state;
    expect(step(live, { kind: 'replay', complete: false }, config)).toEqual({ state: live, effects: [] });
    expect(step(live, { kind: 'replay-wait-over' }, config)).toEqual({ state: live, effects: [] });
  });

  test('a reconnect with no event to resume from refetches at once', () => {
    const { effects } = run([opened, dropped, opened]);
    expect(revalidations(effects)).toEqual(['replay-gap']);
  });

  test('an open while a replay wait runs replaces that wait rather than leaving it to fire', () => {
    const resumed = run([opened, etl('e1', 'r1'), dropped, opened]).state;
    const { state, effects } = run([opened], resumed);
    expect(effects).toEqual([{ kind: 'cancel-replay-wait' }, { kind: 'start-replay-wait', ms: 3_000 }]);
    expect(state.awaitingReplay).toBe(true);
  });

  test('a drop while waiting for the replay status cancels the wait; the next connection waits again', () => {
    const resumed = run([opened, etl('e1', 'r1'), dropped, opened]).state;
    const { state, effects } = run([dropped], resumed);
    expect(kinds(effects)).toEqual(['cancel-replay-wait', 'connect']);
    expect(state.awaitingReplay).toBe(false);
    expect(run([opened], state).state.awaitingReplay).toBe(true);
  });

  test('offline from the browser shows offline', () => {
    expect(run([opened, { kind: 'offline' }]).state.connection).toBe('offline');
  });

  test('online again over an open connection reads live again, with nothing to do', () => {
    const { state, effects } = run([opened, { kind: 'offline' }, { kind: 'online' }]);
    expect(state.connection).toBe('live');
    expect(effects).toEqual([]);
    expect(run([{ kind: 'offline' }, { kind: 'online' }]).state.connection).toBe('connecting');
  });

  test('online again after failed connections reconnects at once, resuming from the last id', () => {
    const away = run([opened, etl('e1', 'r1'), dropped, dropped, dropped, { kind: 'offline' }]).state;
    expect(away.connection).toBe('offline');
    const { state, effects } = run([{ kind: 'online' }], away);
    expect(effects).toEqual([{ kind: 'connect', afterMs: 0, lastEventId: 'e1' }]);
    expect(state.connection).toBe('reconnecting');
    // Its failure still counts toward the backoff.
    expect(run([dropped], state).effects).toEqual([{ kind: 'connect', afterMs: 8_000, lastEventId: 'e1' }]);
  });
});

describe('messages', () => {
  test('transfer_completed adds a feed item, starts one fallback, and hands the message on', () => {
    const { state, effects } = run([opened, transfer('t1', 'r1'), transfer('t1b', 'r1')]);
    expect(kinds(effects)).toEqual(['deliver', 'start-fallback', 'deliver']);
    expect(effects[1]).toEqual({ kind: 'start-fallback', rolloverId: 'r1', ms: 5_000 });
    expect(state.feed).toEqual([expect.objectContaining({ rolloverId: 'r1', status: 'awaiting-etl' })]);
    expect(state.waiting).toEqual(['r1']);
  });

  test('etl_completed revalidates once, cancels the fallback, and marks the item counted', () => {
    const { state, effects } = run([opened, transfer('t1', 'r1'), etl('e1', 'r1'), etl('e1', 'r1'), etl('e2', 'r1')]);
    expect(kinds(effects)).toEqual([
      'deliver',
      'start-fallback',
      'deliver',
      'cancel-fallback',
      'revalidate',
      'deliver',
    ]);
    expect(revalidations(effects)).toEqual(['etl-completed']);
    expect(state.feed[0]?.status).toBe('counted');
    expect(state.waiting).toEqual([]);
  });

  test('etl_completed before its transfer_completed: the item arrives counted, with no fallback', () => {
    const { state, effects } = run([opened, etl('e1', 'r1'), transfer('t1', 'r1')]);
    expect(kinds(effects)).toEqual(['deliver', 'revalidate', 'deliver']);
    expect(state.feed[0]?.status).toBe('counted');
  });

  test('the fallback revalidates without the signal and marks the data possibly stale until it comes', () => {
    const due = run([opened, transfer('t1', 'r1'), { kind: 'fallback-due', rolloverId: 'r1' }]);
    expect(revalidations(due.effects)).toEqual(['fallback']);
    expect(due.state).toMatchObject({ possiblyStale: true, waiting: [] });
    expect(due.state.feed[0]?.status).toBe('possibly-stale');
    const signalled = run([etl('e1', 'r1')], due.state);
    expect(signalled.state.possiblyStale).toBe(false);
    expect(signalled.state.feed[0]?.status).toBe('counted');
    // A fallback for a rollover that is not waiting does nothing.
    expect(run([{ kind: 'fallback-due', rolloverId: 'r9' }], signalled.state).effects).toEqual([]);
  });

  test("another custodian's events are handed on and change nothing else", () => {
    const { state, effects } = run([opened, transfer('t1', 'r1', 'c-b'), etl('e1', 'r1', 'c-b')]);
    expect(kinds(effects)).toEqual(['deliver', 'deliver']);
    expect(state.feed).toEqual([]);
    expect(state.lastEventId).toBe('e1');
  });

  test('an admin (no custodian) sees every event', () => {
    const { effects } = run([opened, etl('e1', 'r1', 'c-b')], initialState(), { ...config, custodianId: null });
    expect(revalidations(effects)).toEqual(['etl-completed']);
  });

  test('etl_failed marks the item; bad data moves only the last id; a repeated id is ignored', () => {
    const failed = run([opened, transfer('t1', 'r1'), msg('f1', 'etl_failed', 'r1')]);
    expect(failed.state.feed[0]?.status).toBe('etl-failed');
    const bad = run([{ kind: 'message', id: 'x1', data: '{not json' }], failed.state);
    expect(bad.effects).toEqual([]);
    expect(bad.state.lastEventId).toBe('x1');
    expect(run([transfer('t1', 'r1')], bad.state).effects).toEqual([]);
  });

  test('the feed keeps the newest items up to its size', () => {
    const { state } = run([opened, transfer('t1', 'r1'), transfer('t2', 'r2'), transfer('t3', 'r3')]);
    expect(state.feed.map((i) => i.rolloverId)).toEqual(['r3', 'r2']);
  });
});

test('closing cancels the fallbacks and the replay wait, and nothing happens afterwards', () => {
  const resumed = run([opened, transfer('t1', 'r1'), dropped, opened]).state;
  const { state, effects } = run([{ kind: 'closed' }], resumed);
  expect(effects).toEqual([{ kind: 'cancel-fallback', rolloverId: 'r1' }, { kind: 'cancel-replay-wait' }]);
  for (const input of [opened, dropped, etl('e9', 'r9'), { kind: 'replay', complete: false } as const]) {
    expect(step(state, input, config)).toEqual({ state, effects: [] });
  }
});
