// The connection loop of useAnalyticsRefresh, without React: it owns the EventSource and the
// timers, feeds what happens into the pure state step (state-step.ts), and carries out the effects
// it returns. Timers and EventSource are injected for tests. It is also the one resilient client
// of the named-event streams (runs, alerts: hooks/use-resilient-stream.ts), through `events`: the
// same backoff, ?lastEventId= resume, connection state and refetch (`revalidate`) after a gap.
import type { StreamMessage } from '@trustrails/contracts';
import {
  initialState,
  step,
  type ConnectionState,
  type FeedItem,
  type RefreshConfig,
  type RefreshEffect,
  type RefreshInput,
} from './state-step';

export type { ConnectionState, FeedItem, FeedStatus } from './state-step';

export interface RefreshSnapshot {
  state: ConnectionState;
  /** True while a fallback revalidation ran without its etl_completed signal. */
  possiblyStale: boolean;
  feed: FeedItem[];
}

export interface EventSourceLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: string; lastEventId?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  /** For the server's named events: `replay` (docs/contracts/streams.md) and those in `events`. */
  addEventListener?(type: string, listener: (event: { data: string; lastEventId?: string }) => void): void;
  close(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RefreshOptions {
  url: string;
  /** The custodian whose cards are shown; null means every event (the admin monitor). */
  custodianId: string | null;
  revalidate: () => void;
  createEventSource: (url: string) => EventSourceLike;
  onChange?: (snapshot: RefreshSnapshot) => void;
  onMessage?: (message: StreamMessage, id: string) => void;
  /** Named events (`event: run`), each with its handler: delivered once per id, and resumed from. */
  events?: Readonly<Record<string, (data: string) => void>>;
  fallbackMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failed connections after which the state reads "offline" (retries continue). */
  offlineAfter?: number;
  feedSize?: number;
  replayWaitMs?: number;
  timers?: Timers;
}

export const DEFAULT_FALLBACK_MS = 5_000;

function configOf(options: RefreshOptions): RefreshConfig {
  return {
    custodianId: options.custodianId,
    fallbackMs: options.fallbackMs ?? DEFAULT_FALLBACK_MS,
    initialBackoffMs: options.initialBackoffMs ?? 1_000,
    maxBackoffMs: options.maxBackoffMs ?? 30_000,
    offlineAfter: options.offlineAfter ?? 3,
    feedSize: options.feedSize ?? 20,
    replayWaitMs: options.replayWaitMs ?? 10_000,
  };
}

const withLastEventId = (url: string, lastEventId: string | null): string =>
  lastEventId ? `${url}${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastEventId)}` : url;

export function startAnalyticsRefresh(options: RefreshOptions): { close(): void; snapshot(): RefreshSnapshot } {
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as never),
  };
  const config = configOf(options);
  let state = initialState();
  let snapshot: RefreshSnapshot = { state: state.connection, possiblyStale: false, feed: [] };
  let source: EventSourceLike | null = null;
  let reconnectTimer: unknown = null;
  let replayTimer: unknown = null;
  const fallbacks = new Map<string, unknown>();

  function dispatch(input: RefreshInput): void {
    const result = step(state, input, config);
    state = result.state;
    for (const effect of result.effects) run(effect);
    const next = { state: state.connection, possiblyStale: state.possiblyStale, feed: state.feed as FeedItem[] };
    if (next.state !== snapshot.state || next.possiblyStale !== snapshot.possiblyStale || next.feed !== snapshot.feed) {
      snapshot = next;
      options.onChange?.(snapshot);
    }
  }

  function run(effect: RefreshEffect): void {
    switch (effect.kind) {
      case 'revalidate':
        return options.revalidate();
      case 'deliver':
        return options.onMessage?.(effect.message, effect.id);
      case 'start-fallback':
        fallbacks.set(
          effect.rolloverId,
          timers.setTimeout(() => {
            fallbacks.delete(effect.rolloverId);
            dispatch({ kind: 'fallback-due', rolloverId: effect.rolloverId });
          }, effect.ms),
        );
        return;
      case 'cancel-fallback': {
        const timer = fallbacks.get(effect.rolloverId);
        if (timer !== undefined) timers.clearTimeout(timer);
        fallbacks.delete(effect.rolloverId);
        return;
      }
      case 'start-replay-wait':
        replayTimer = timers.setTimeout(() => {
          replayTimer = null;
          dispatch({ kind: 'replay-wait-over' });
        }, effect.ms);
        return;
      case 'cancel-replay-wait':
        if (replayTimer !== null) timers.clearTimeout(replayTimer);
        replayTimer = null;
        return;
      case 'connect':
        reconnectTimer = timers.setTimeout(() => connect(effect.lastEventId), effect.afterMs);
        return;
    }
  }

  function connect(lastEventId: string | null): void {
    reconnectTimer = null;
    if (state.closed) return;
    const es = options.createEventSource(withLastEventId(options.url, lastEventId));
    source = es;
    const current = (): boolean => source === es && !state.closed;
    es.onopen = () => current() && dispatch({ kind: 'opened' });
    es.onmessage = (event) =>
      current() && dispatch({ kind: 'message', data: event.data, id: event.lastEventId || null });
    es.addEventListener?.('replay', (event) => {
      if (!current()) return;
      let complete = false;
      try {
        complete = (JSON.parse(event.data) as { complete?: unknown }).complete === true;
      } catch {
        // An unreadable status is no promise: treat the gap as unknown.
      }
      dispatch({ kind: 'replay', complete });
    });
    for (const [name, handle] of Object.entries(options.events ?? {})) {
      es.addEventListener?.(name, (event) => {
        const id = event.lastEventId || null;
        // A replay may repeat an event already delivered.
        if (!current() || (id !== null && state.seen.includes(id))) return;
        // Data that is no StreamMessage only records the id to resume from; the handler reads it.
        dispatch({ kind: 'message', data: '', id });
        handle(event.data);
      });
    }
    // Our own reconnect instead of the browser's: it backs off, and resumes with ?lastEventId=.
    es.onerror = () => {
      if (!current()) return;
      es.close();
      source = null;
      dispatch({ kind: 'dropped' });
    };
  }

  connect(null);
  return {
    snapshot: () => snapshot,
    close() {
      dispatch({ kind: 'closed' });
      source?.close();
      source = null;
      if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
      reconnectTimer = null;
    },
  };
}
