// The dashboard refresh as a pure state step: (state, input) → (state, effects). No timers, no
// EventSource, no React: controller.ts runs the effects. Every rule of the refresh lives here:
// one revalidation per etl_completed, a fallback after transfer_completed when the signal never
// comes, backoff and "offline" after failed connections or while the browser is offline (and a
// reconnect at once when it is back), and a refetch after any reconnect whose gap is unknown (the
// server's replay was incomplete, never said, or could not resume at all).
import type { StreamMessage } from '@trustrails/contracts';

import {
  type FeedItem,
  type FeedStatus,
  type RefreshConfig,
  type RefreshEffect,
  type RefreshInput,
  type RefreshState,
  type StepResult,
  SEEN_IDS,
} from './refresh-model';

// The step's vocabulary is part of its interface: importers take both from here.
export * from './refresh-model';

const bounded = (list: readonly string[], item: string): string[] => [...list, item].slice(-SEEN_IDS);
const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

function setFeedStatus(feed: readonly FeedItem[], rolloverId: string, status: FeedStatus): readonly FeedItem[] {
  return feed.some((item) => item.rolloverId === rolloverId)
    ? feed.map((item) => (item.rolloverId === rolloverId ? { ...item, status } : item))
    : feed;
}

// A revision (a reprocess) also concerns the custodians it took the transfer from (custodianIds).
const relevant = (config: RefreshConfig, m: StreamMessage): boolean =>
  config.custodianId === null ||
  m.sourceCustodianId === config.custodianId ||
  m.destinationCustodianId === config.custodianId ||
  (m.custodianIds?.includes(config.custodianId) ?? false);

/** One signal per revision of a rollover: the first is known by the rollover, later ones by their number. */
const signalKey = (m: StreamMessage): string => (m.revision ? `${m.rolloverId}#${m.revision}` : m.rolloverId);

function parse(data: string): StreamMessage | null {
  try {
    return JSON.parse(data) as StreamMessage;
  } catch {
    return null;
  }
}

function onTransferCompleted(state: RefreshState, m: StreamMessage, config: RefreshConfig): StepResult {
  let feed = state.feed;
  if (!feed.some((item) => item.rolloverId === m.rolloverId)) {
    const item: FeedItem = {
      rolloverId: m.rolloverId,
      transferId: m.transferId,
      sourceCustodianId: m.sourceCustodianId,
      destinationCustodianId: m.destinationCustodianId,
      completedAt: m.timestamp,
      status: state.signalled.includes(m.rolloverId) ? 'counted' : 'awaiting-etl',
    };
    feed = [item, ...feed].slice(0, config.feedSize);
  }
  if (state.signalled.includes(m.rolloverId) || state.waiting.includes(m.rolloverId)) {
    return { state: { ...state, feed }, effects: [] };
  }
  return {
    state: { ...state, feed, waiting: [...state.waiting, m.rolloverId] },
    effects: [{ kind: 'start-fallback', rolloverId: m.rolloverId, ms: config.fallbackMs }],
  };
}

function onEtlCompleted(state: RefreshState, m: StreamMessage): StepResult {
  const key = signalKey(m);
  if (state.signalled.includes(key)) return { state, effects: [] };
  const wasWaiting = state.waiting.includes(m.rolloverId);
  const waiting = without(state.waiting, m.rolloverId);
  const feed = setFeedStatus(state.feed, m.rolloverId, 'counted');
  const stillStale = waiting.length > 0 || feed.some((item) => item.status === 'possibly-stale');
  return {
    state: {
      ...state,
      signalled: bounded(state.signalled, key),
      waiting,
      feed,
      possiblyStale: state.possiblyStale && stillStale,
    },
    effects: [
      ...(wasWaiting ? [{ kind: 'cancel-fallback', rolloverId: m.rolloverId } as const] : []),
      { kind: 'revalidate', reason: 'etl-completed' },
    ],
  };
}

function onMessage(state: RefreshState, data: string, id: string | null, config: RefreshConfig): StepResult {
  let next = state;
  if (id) {
    if (state.seen.includes(id)) return { state: { ...state, lastEventId: id }, effects: [] };
    next = { ...state, lastEventId: id, seen: bounded(state.seen, id) };
  }
  const message = parse(data);
  if (!message) return { state: next, effects: [] };
  const deliver: RefreshEffect = { kind: 'deliver', message, id: id ?? '' };
  if (!relevant(config, message)) return { state: next, effects: [deliver] };
  const handled =
    message.type === 'transfer_completed'
      ? onTransferCompleted(next, message, config)
      : message.type === 'etl_completed'
        ? onEtlCompleted(next, message)
        : message.type === 'etl_failed'
          ? { state: { ...next, feed: setFeedStatus(next.feed, message.rolloverId, 'etl-failed') }, effects: [] }
          : { state: next, effects: [] };
  return { state: handled.state, effects: [deliver, ...handled.effects] };
}

/** A connection opened: live; a reconnect also accounts for the gap it may have left. */
function onOpened(state: RefreshState, config: RefreshConfig): StepResult {
  const opened = { ...state, connection: 'live' as const, failures: 0, openedBefore: true, awaitingReplay: false };
  // A wait still running belongs to an earlier connection, whose status can no longer come;
  // left running it would fire during this connection's wait and refetch too early.
  const cancel: RefreshEffect[] = state.awaitingReplay ? [{ kind: 'cancel-replay-wait' }] : [];
  if (!state.openedBefore) return { state: opened, effects: cancel };
  // A reconnect with nothing to resume from: the server cannot replay, so whatever happened
  // while away is unknown.
  if (state.lastEventId === null) {
    return { state: opened, effects: [...cancel, { kind: 'revalidate', reason: 'replay-gap' }] };
  }
  return {
    state: { ...opened, awaitingReplay: true },
    effects: [...cancel, { kind: 'start-replay-wait', ms: config.replayWaitMs }],
  };
}

/**
 * The browser is back online. A connection that stayed open (or the first one, still opening)
 * reads as it did; after failed connections, the reconnect waiting out its backoff goes now.
 */
function onOnline(state: RefreshState): StepResult {
  if (state.failures === 0) {
    return { state: { ...state, connection: state.openedBefore ? 'live' : 'connecting' }, effects: [] };
  }
  return {
    state: { ...state, connection: 'reconnecting' },
    effects: [{ kind: 'connect', afterMs: 0, lastEventId: state.lastEventId }],
  };
}

export function step(state: RefreshState, input: RefreshInput, config: RefreshConfig): StepResult {
  if (state.closed) return { state, effects: [] };
  switch (input.kind) {
    case 'opened':
      return onOpened(state, config);
    case 'message':
      return onMessage(state, input.data, input.id, config);
    case 'replay':
      if (!state.awaitingReplay) return { state, effects: [] };
      return {
        state: { ...state, awaitingReplay: false },
        effects: [
          { kind: 'cancel-replay-wait' },
          ...(input.complete ? [] : [{ kind: 'revalidate', reason: 'replay-gap' } as const]),
        ],
      };
    case 'replay-wait-over':
      // The server never said whether its replay was complete: treat the gap as unknown.
      if (!state.awaitingReplay) return { state, effects: [] };
      return { state: { ...state, awaitingReplay: false }, effects: [{ kind: 'revalidate', reason: 'replay-gap' }] };
    case 'dropped': {
      const failures = state.failures + 1;
      const delay = Math.min(config.initialBackoffMs * 2 ** (failures - 1), config.maxBackoffMs);
      return {
        // The next connection resumes and waits for its own replay status.
        state: {
          ...state,
          failures,
          awaitingReplay: false,
          connection: failures >= config.offlineAfter ? 'offline' : 'reconnecting',
        },
        effects: [
          ...(state.awaitingReplay ? [{ kind: 'cancel-replay-wait' } as const] : []),
          { kind: 'connect', afterMs: delay, lastEventId: state.lastEventId },
        ],
      };
    }
    case 'fallback-due':
      if (!state.waiting.includes(input.rolloverId)) return { state, effects: [] };
      return {
        state: {
          ...state,
          waiting: without(state.waiting, input.rolloverId),
          feed: setFeedStatus(state.feed, input.rolloverId, 'possibly-stale'),
          possiblyStale: true,
        },
        effects: [{ kind: 'revalidate', reason: 'fallback' }],
      };
    // The browser's own network events (window offline/online).
    case 'offline':
      return { state: { ...state, connection: 'offline' }, effects: [] };
    case 'online':
      return onOnline(state);
    case 'closed':
      return {
        state: { ...state, closed: true, waiting: [], awaitingReplay: false },
        effects: [
          ...state.waiting.map((rolloverId) => ({ kind: 'cancel-fallback', rolloverId }) as const),
          ...(state.awaitingReplay ? [{ kind: 'cancel-replay-wait' } as const] : []),
        ],
      };
  }
}
