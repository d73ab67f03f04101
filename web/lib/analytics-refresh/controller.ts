// The logic of useAnalyticsRefresh without React: one EventSource, reconnect with backoff and
// Last-Event-ID, one summary revalidation per etl_completed, and a fallback window after
// transfer_completed for when the signal never comes. Timers and EventSource are injected for tests.
import type { StreamMessage } from '@trustrails/contracts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type FeedStatus = 'awaiting-etl' | 'counted' | 'possibly-stale' | 'etl-failed';

export interface FeedItem {
  rolloverId: string;
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
  completedAt: string;
  status: FeedStatus;
}

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
  fallbackMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failed connections after which the state reads "offline" (retries continue). */
  offlineAfter?: number;
  feedSize?: number;
  timers?: Timers;
}

export const DEFAULT_FALLBACK_MS = 5_000;
const SEEN_IDS = 1_000;

export function startAnalyticsRefresh(options: RefreshOptions): { close(): void; snapshot(): RefreshSnapshot } {
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as never),
  };
  const fallbackMs = options.fallbackMs ?? DEFAULT_FALLBACK_MS;
  const initialBackoff = options.initialBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const offlineAfter = options.offlineAfter ?? 3;
  const feedSize = options.feedSize ?? 20;

  let snapshot: RefreshSnapshot = { state: 'connecting', possiblyStale: false, feed: [] };
  let source: EventSourceLike | null = null;
  let reconnectTimer: unknown = null;
  let failures = 0;
  let lastEventId: string | undefined;
  let closed = false;
  const seen = new Set<string>();
  const signalled = new Set<string>();
  const fallbacks = new Map<string, unknown>();

  const update = (patch: Partial<RefreshSnapshot>): void => {
    snapshot = { ...snapshot, ...patch };
    options.onChange?.(snapshot);
  };
  const setFeedStatus = (rolloverId: string, status: FeedStatus): void => {
    if (snapshot.feed.some((item) => item.rolloverId === rolloverId)) {
      update({ feed: snapshot.feed.map((item) => (item.rolloverId === rolloverId ? { ...item, status } : item)) });
    }
  };
  const relevant = (m: StreamMessage): boolean =>
    options.custodianId === null ||
    m.sourceCustodianId === options.custodianId ||
    m.destinationCustodianId === options.custodianId;

  function onTransferCompleted(m: StreamMessage): void {
    if (!snapshot.feed.some((item) => item.rolloverId === m.rolloverId)) {
      const item: FeedItem = {
        rolloverId: m.rolloverId,
        transferId: m.transferId,
        sourceCustodianId: m.sourceCustodianId,
        destinationCustodianId: m.destinationCustodianId,
        completedAt: m.timestamp,
        status: signalled.has(m.rolloverId) ? 'counted' : 'awaiting-etl',
      };
      update({ feed: [item, ...snapshot.feed].slice(0, feedSize) });
    }
    if (signalled.has(m.rolloverId) || fallbacks.has(m.rolloverId)) return;
    const timer = timers.setTimeout(() => {
      fallbacks.delete(m.rolloverId);
      options.revalidate();
      setFeedStatus(m.rolloverId, 'possibly-stale');
      update({ possiblyStale: true });
    }, fallbackMs);
    fallbacks.set(m.rolloverId, timer);
  }

  function onEtlCompleted(m: StreamMessage): void {
    if (signalled.has(m.rolloverId)) return;
    signalled.add(m.rolloverId);
    const timer = fallbacks.get(m.rolloverId);
    if (timer !== undefined) timers.clearTimeout(timer);
    fallbacks.delete(m.rolloverId);
    options.revalidate();
    setFeedStatus(m.rolloverId, 'counted');
    if (snapshot.possiblyStale && fallbacks.size === 0 && !snapshot.feed.some((i) => i.status === 'possibly-stale')) {
      update({ possiblyStale: false });
    }
  }

  function onMessage(data: string, id: string | undefined): void {
    if (id) {
      lastEventId = id;
      if (seen.has(id)) return;
      seen.add(id);
      if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value as string);
    }
    let message: StreamMessage;
    try {
      message = JSON.parse(data) as StreamMessage;
    } catch {
      return;
    }
    options.onMessage?.(message, id ?? '');
    if (!relevant(message)) return;
    if (message.type === 'transfer_completed') onTransferCompleted(message);
    else if (message.type === 'etl_completed') onEtlCompleted(message);
    else if (message.type === 'etl_failed') setFeedStatus(message.rolloverId, 'etl-failed');
  }

  function connect(): void {
    reconnectTimer = null;
    if (closed) return;
    const url = lastEventId
      ? `${options.url}${options.url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastEventId)}`
      : options.url;
    const es = options.createEventSource(url);
    source = es;
    es.onopen = () => {
      failures = 0;
      update({ state: 'live' });
    };
    es.onmessage = (event) => onMessage(event.data, event.lastEventId || undefined);
    // Our own reconnect instead of the browser's: it backs off, and resumes with ?lastEventId=.
    es.onerror = () => {
      if (source !== es || closed) return;
      es.close();
      source = null;
      failures += 1;
      update({ state: failures >= offlineAfter ? 'offline' : 'reconnecting' });
      const delay = Math.min(initialBackoff * 2 ** (failures - 1), maxBackoff);
      reconnectTimer = timers.setTimeout(connect, delay);
    };
  }

  connect();
  return {
    snapshot: () => snapshot,
    close() {
      closed = true;
      source?.close();
      source = null;
      if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
      for (const timer of fallbacks.values()) timers.clearTimeout(timer);
      fallbacks.clear();
    },
  };
}
