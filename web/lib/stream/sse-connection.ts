import 'server-only';
// The inside of one open SSE connection: writes frames under the queue cap, sends the live feed
// (held back while a Last-Event-ID replay loads), heartbeats, the identity watch, and one end that
// frees everything however the connection ends.
import { resolveIdentity } from '@/lib/auth/identity';
import type { StreamSettings } from '@/lib/config';
import type { Replay } from './replay';
import type { StreamOptions, StreamSource } from './sse-response';
import { watchStream } from './stream-watch';

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

/** Live events held back while a replay loads; past this the client is too far behind to catch up here. */
const MAX_HELD_DURING_REPLAY = 5_000;

export interface ConnectionContext<E extends { id: string }> {
  controller: ReadableStreamDefaultController<Uint8Array>;
  request: Request;
  options: Omit<StreamOptions, 'rolloverId'>;
  source: StreamSource<E>;
  settings: StreamSettings;
  /** Frees the connection's slot under the caps. */
  release: () => void;
}

export class SseConnection<E extends { id: string }> {
  private closed = false;
  private replaying: boolean;
  private readonly held: E[] = [];
  private readonly sent = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly stopWatch: () => void;
  /** Ends the connection when the client goes away; also the stream's cancel. */
  readonly abort = (): void => this.end();

  constructor(private readonly context: ConnectionContext<E>) {
    const { request, options, source, settings } = context;
    this.replaying = options.lastEventId !== undefined;
    this.unsubscribe = source.subscribe((event) => this.live(event));
    this.heartbeat = setInterval(() => this.write(PING), settings.heartbeatMs);
    this.stopWatch = watchStream({
      identity: options.identity,
      reverify: options.reverify ?? (() => resolveIdentity(request)),
      recheckMs: settings.recheckMs,
      maxLifetimeMs: settings.maxLifetimeMs,
      onEnd: () => this.end(),
    });
    request.signal.addEventListener('abort', this.abort);
    if (request.signal.aborted) {
      this.end();
      return;
    }
    this.write('retry: 2000\n: connected\n\n');
    // Same tick as the subscription above: the hub's buffer and the live feed meet without a gap.
    if (options.lastEventId !== undefined) this.replay(options.lastEventId);
  }

  // A slow client is dropped (its queue discarded), not trimmed: dropping the oldest frames
  // would lose events silently, while a dropped client reconnects with Last-Event-ID and
  // gets them back from the hub's buffer.
  private drop(): void {
    this.end(new Error('client too slow: queued frames over SSE_MAX_QUEUED_BYTES'));
  }

  private write(text: string | Uint8Array): void {
    if (this.closed) return;
    const { controller, settings } = this.context;
    const bytes = typeof text === 'string' ? textEncoder.encode(text) : text;
    const queued = -(controller.desiredSize ?? 0);
    if (queued + bytes.byteLength > settings.maxQueuedBytes) return this.drop();
    try {
      controller.enqueue(bytes);
    } catch {
      this.end();
    }
  }

  private send(event: E): void {
    if (this.replaying) this.sent.add(event.id);
    this.write(frameBytes(event, this.context.source.frame));
  }

  private live(event: E): void {
    if (!this.context.source.visible(event)) return;
    if (!this.replaying) return this.send(event);
    this.held.push(event);
    if (this.held.length > MAX_HELD_DURING_REPLAY) this.drop();
  }

  private replay(lastEventId: string): void {
    this.context.source
      .replayAfter(lastEventId)
      .catch((error: unknown): Replay<E> => {
        console.warn(JSON.stringify({ event: 'streamReplayFailed', message: String(error) }));
        return { events: [], complete: false };
      })
      .then(({ events, complete }) => {
        if (this.closed) return;
        for (const event of events) this.send(event);
        // A named event (onmessage never sees it): whether the client missed nothing, or must
        // refetch what it shows (docs/contracts/streams.md).
        this.write(`event: replay\ndata: ${JSON.stringify({ complete })}\n\n`);
        this.replaying = false;
        for (const event of this.held) if (!this.sent.has(event.id)) this.send(event);
        this.held.length = 0;
        this.sent.clear();
      });
  }

  /** Ends cleanly (the client reconnects after `retry`), or with an error that discards the queue. */
  private end(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.stopWatch();
    this.unsubscribe();
    this.context.release();
    this.held.length = 0;
    this.sent.clear();
    this.context.request.signal.removeEventListener('abort', this.abort);
    try {
      if (error) this.context.controller.error(error);
      else this.context.controller.close();
    } catch {
      // Already closed or errored by the consumer.
    }
  }
}
