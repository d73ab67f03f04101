import 'server-only';
// One SSE connection: takes a slot under the per-user and per-process caps, subscribes to a
// shared hub, filters per user, replays after Last-Event-ID, sends `: ping` heartbeats, ends on
// re-check failure or lifetime, and frees everything however it ends.
import { resolveIdentity, type Identity } from '../auth/identity';
import { webConfig } from '../config';
import { eventHub } from './event-hub';
import { replayAfter, type Replay } from './replay';
import { formatFrame, isVisible, type StreamEvent } from './stream-event';
import { streamSlots } from './stream-slots';
import { watchStream } from './stream-watch';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * Each event's frame as bytes, made once however many connections send it: a hub hands every
 * subscriber the same event object, so the JSON and its UTF-8 encoding are paid once per event and
 * each connection only enqueues the shared (never written to) bytes. Keyed by the source's frame
 * function too, as two sources may frame one event differently; weak, so an event no one holds
 * (gone from the replay buffer) takes its bytes with it.
 */
const framedBytes = new WeakMap<(event: never) => string, WeakMap<object, Uint8Array>>();
const textEncoder = new TextEncoder();
const PING = textEncoder.encode(': ping\n\n');

function frameBytes<E extends object>(event: E, frame: (event: E) => string): Uint8Array {
  let byEvent = framedBytes.get(frame);
  if (!byEvent) framedBytes.set(frame, (byEvent = new WeakMap()));
  let bytes = byEvent.get(event);
  if (!bytes) byEvent.set(event, (bytes = textEncoder.encode(frame(event))));
  return bytes;
}

/** A slot frees whenever one of the caller's streams ends; the dashboard backs off on its own too. */
const RETRY_AFTER_SECONDS = 5;
/** Live events held back while a replay loads; past this the client is too far behind to catch up here. */
const MAX_HELD_DURING_REPLAY = 5_000;

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
  const release = slot;
  let cleanup = (): void => release();

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let replaying = options.lastEventId !== undefined;
        const held: E[] = [];
        const sent = new Set<string>();

        // A slow client is dropped (its queue discarded), not trimmed: dropping the oldest frames
        // would lose events silently, while a dropped client reconnects with Last-Event-ID and
        // gets them back from the hub's buffer.
        const drop = (): void => end(new Error('client too slow: queued frames over SSE_MAX_QUEUED_BYTES'));
        const write = (text: string | Uint8Array): void => {
          if (closed) return;
          const bytes = typeof text === 'string' ? textEncoder.encode(text) : text;
          const queued = -(controller.desiredSize ?? 0);
          if (queued + bytes.byteLength > settings.maxQueuedBytes) return drop();
          try {
            controller.enqueue(bytes);
          } catch {
            end();
          }
        };
        const send = (event: E): void => {
          if (replaying) sent.add(event.id);
          write(frameBytes(event, source.frame));
        };

        const unsubscribe = source.subscribe((event) => {
          if (!source.visible(event)) return;
          if (!replaying) return send(event);
          held.push(event);
          if (held.length > MAX_HELD_DURING_REPLAY) drop();
        });
        const heartbeat = setInterval(() => write(PING), settings.heartbeatMs);
        const stopWatch = watchStream({
          identity: options.identity,
          reverify: options.reverify ?? (() => resolveIdentity(request)),
          recheckMs: settings.recheckMs,
          maxLifetimeMs: settings.maxLifetimeMs,
          onEnd: () => end(),
        });
        /** Ends cleanly (the client reconnects after `retry`), or with an error that discards the queue. */
        function end(error?: Error): void {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          stopWatch();
          unsubscribe();
          release();
          held.length = 0;
          sent.clear();
          request.signal.removeEventListener('abort', onAbort);
          try {
            if (error) controller.error(error);
            else controller.close();
          } catch {
            // Already closed or errored by the consumer.
          }
        }
        const onAbort = (): void => end();
        cleanup = onAbort;
        request.signal.addEventListener('abort', onAbort);
        if (request.signal.aborted) return end();

        write('retry: 2000\n: connected\n\n');
        if (options.lastEventId === undefined) return;
        // Same tick as the subscription above: the hub's buffer and the live feed meet without a gap.
        source
          .replayAfter(options.lastEventId)
          .catch((error: unknown): Replay<E> => {
            console.warn(JSON.stringify({ event: 'streamReplayFailed', message: String(error) }));
            return { events: [], complete: false };
          })
          .then(({ events, complete }) => {
            if (closed) return;
            for (const event of events) send(event);
            // A named event (onmessage never sees it): whether the client missed nothing, or must
            // refetch what it shows (docs/contracts/streams.md).
            write(`event: replay\ndata: ${JSON.stringify({ complete })}\n\n`);
            replaying = false;
            for (const event of held) if (!sent.has(event.id)) send(event);
            held.length = 0;
            sent.clear();
          });
      },
      cancel() {
        cleanup();
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
