import 'server-only';
// One SSE connection: takes a slot under the per-user and per-process caps, subscribes to a
// shared hub, filters per user, replays after Last-Event-ID, sends `: ping` heartbeats, ends on
// re-check failure or lifetime, and frees everything however it ends.
import type { Identity } from '@/lib/auth/identity';
import { webConfig } from '@/lib/config';
import { eventHub } from './event-hub';
import { replayAfter, type Replay } from './replay';
import { SseConnection } from './sse-connection';
import { formatFrame, isVisible, type StreamEvent } from './stream-event';
import { streamSlots } from './stream-slots';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/** A slot frees whenever one of the caller's streams ends; the dashboard backs off on its own too. */
const RETRY_AFTER_SECONDS = 5;
export interface StreamOptions {
  identity: Identity;
  /** Limits the stream to one rollover. */
  rolloverId?: string;
  lastEventId?: string;
  /** Verifies the caller again; by default the original request's credentials, through resolveIdentity. */
  reverify?: () => Promise<Identity | null>;
}

/** What a stream carries: a live feed fanned out by one shared listener, a replay, a frame format. */
export interface StreamSource<E extends { id: string }> {
  subscribe(listener: (event: E) => void): () => void;
  /** Whether this caller may see the event (tenancy); replays and Last-Event-ID honour it too. */
  visible(event: E): boolean;
  /** What a reconnect after `lastEventId` missed; must start in the tick the caller subscribed. */
  replayAfter(lastEventId: string): Promise<Replay<E>>;
  frame(event: E): string;
}

function tooManyStreams(cap: 'user' | 'process'): Response {
  const error = cap === 'user' ? 'too many open streams for this user' : 'too many open streams on this server';
  return Response.json(
    { error: `${error}; retry later` },
    { status: 429, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' } },
  );
}

/** The events streams (global and per rollover) over the shared events hub. */
export function sseResponse(request: Request, options: StreamOptions): Response {
  const visible = (event: StreamEvent): boolean => isVisible(event, options.identity, options.rolloverId);
  return sseStream(request, options, {
    subscribe: (listener) => eventHub().subscribe(listener),
    visible,
    replayAfter: (lastEventId) => replayAfter(lastEventId, visible),
    frame: formatFrame,
  });
}

/**
 * One SSE connection over any source: slots under the caps, the live feed filtered per caller,
 * Last-Event-ID replay with its `replay` status, heartbeats, re-checks and a maximum lifetime.
 */
export function sseStream<E extends { id: string }>(
  request: Request,
  options: Omit<StreamOptions, 'rolloverId'>,
  source: StreamSource<E>,
): Response {
  const settings = webConfig().streams;
  const slot = streamSlots().acquire(options.identity.uid, {
    perUser: settings.maxStreamsPerUser,
    perProcess: settings.maxStreamsPerProcess,
  });
  if (typeof slot === 'string') return tooManyStreams(slot);
  let connection: SseConnection<E> | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        connection = new SseConnection({ controller, request, options, source, settings, release: slot });
      },
      cancel() {
        // Cancelled before start ran, there is only the slot to free.
        if (connection) connection.abort();
        else slot();
      },
    },
    // Counts queued bytes (desiredSize is minus the bytes waiting), so the cap above is in bytes.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );

  return new Response(body, { headers: SSE_HEADERS });
}

/** The client's resume point: the standard header, or `?lastEventId=` for clients that reconnect themselves. */
export function lastEventIdOf(request: Request, queryValue: string | undefined): string | undefined {
  const value = request.headers.get('last-event-id') ?? queryValue;
  return value && value.trim().length > 0 ? value.trim() : undefined;
}
