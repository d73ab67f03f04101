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
import { listenTo } from './source-listeners';

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

/** The browser's network events (window `online`/`offline`); the listener gets whether it is online. */
export interface NetworkEvents {
  subscribe(listener: (online: boolean) => void): () => void;
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
  /** The browser's network events, as inputs of the state step (none outside a browser). */
  network?: NetworkEvents;
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

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as never),
};

export function startAnalyticsRefresh(options: RefreshOptions): { close(): void; snapshot(): RefreshSnapshot } {
  const loop = new RefreshLoop(options);
  loop.connect(null);
  return { snapshot: () => loop.snapshot, close: () => loop.close() };
}

/** The loop's mutable side: the state step's current state, the open source and the timers. */
class RefreshLoop {
  private readonly timers: Timers;
  private readonly config: RefreshConfig;
  private state = initialState();
  snapshot: RefreshSnapshot = { state: this.state.connection, possiblyStale: false, feed: [] };
  private source: EventSourceLike | null = null;
  private reconnectTimer: unknown = null;
  private replayTimer: unknown = null;
  private readonly fallbacks = new Map<string, unknown>();
  private readonly stopNetwork: () => void;

  constructor(private readonly options: RefreshOptions) {
    this.timers = options.timers ?? realTimers;
    this.config = configOf(options);
    this.stopNetwork =
      options.network?.subscribe((online) => this.dispatch({ kind: online ? 'online' : 'offline' })) ?? (() => {});
  }

  /** Feeds one input to the state step, runs its effects, and reports a changed snapshot. */
  dispatch(input: RefreshInput): void {
    const result = step(this.state, input, this.config);
    this.state = result.state;
    for (const effect of result.effects) this.run(effect);
    const state = this.state;
    const next = { state: state.connection, possiblyStale: state.possiblyStale, feed: state.feed as FeedItem[] };
    const was = this.snapshot;
    if (next.state !== was.state || next.possiblyStale !== was.possiblyStale || next.feed !== was.feed) {
      this.snapshot = next;
      this.options.onChange?.(next);
    }
  }

  private run(effect: RefreshEffect): void {
    switch (effect.kind) {
      case 'revalidate':
        return this.options.revalidate();
      case 'deliver':
        return this.options.onMessage?.(effect.message, effect.id);
      case 'start-fallback': {
        const fire = () => {
          this.fallbacks.delete(effect.rolloverId);
          this.dispatch({ kind: 'fallback-due', rolloverId: effect.rolloverId });
        };
        this.fallbacks.set(effect.rolloverId, this.timers.setTimeout(fire, effect.ms));
        return;
      }
      case 'cancel-fallback': {
        const timer = this.fallbacks.get(effect.rolloverId);
        if (timer !== undefined) this.timers.clearTimeout(timer);
        this.fallbacks.delete(effect.rolloverId);
        return;
      }
      case 'start-replay-wait':
        this.replayTimer = this.timers.setTimeout(() => {
          this.replayTimer = null;
          this.dispatch({ kind: 'replay-wait-over' });
        }, effect.ms);
        return;
      case 'cancel-replay-wait':
        if (this.replayTimer !== null) this.timers.clearTimeout(this.replayTimer);
        this.replayTimer = null;
        return;
      case 'connect':
        // A reconnect brought forward (the browser is back) replaces the one pending: its timer,
        // or a connection still opening.
        if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
        this.source?.close();
        this.source = null;
        this.reconnectTimer = this.timers.setTimeout(() => this.connect(effect.lastEventId), effect.afterMs);
        return;
    }
  }

  connect(lastEventId: string | null): void {
    this.reconnectTimer = null;
    if (this.state.closed) return;
    const es = this.options.createEventSource(withLastEventId(this.options.url, lastEventId));
    this.source = es;
    listenTo(es, {
      current: () => this.source === es && !this.state.closed,
      seen: (id) => this.state.seen.includes(id),
      dispatch: (input) => this.dispatch(input),
      events: this.options.events ?? {},
      // Our own reconnect instead of the browser's: it backs off, and resumes with ?lastEventId=.
      dropped: () => {
        es.close();
        this.source = null;
        this.dispatch({ kind: 'dropped' });
      },
    });
  }

  close(): void {
    this.stopNetwork();
    this.dispatch({ kind: 'closed' });
    this.source?.close();
    this.source = null;
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}
