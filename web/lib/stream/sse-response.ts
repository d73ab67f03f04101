import 'server-only';
// One SSE connection: subscribes to the shared hub, filters per user, replays after
// Last-Event-ID, sends `: ping` heartbeats, and frees everything on abort or cancel.
import type { Identity } from '../auth/identity';
import { eventHub } from './event-hub';
import { replayAfter } from './replay';
import { formatFrame, isVisible, type StreamEvent } from './stream-event';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

const DEFAULT_HEARTBEAT_MS = 10_000;
/** A client this far behind is dropped; it reconnects with Last-Event-ID and loses nothing. */
const MAX_QUEUED_FRAMES = 500;

/** SSE_HEARTBEAT_MS, bounded so the contract's "at least every 15 s" always holds. */
export function heartbeatMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.SSE_HEARTBEAT_MS);
  return Number.isFinite(value) && value >= 10 ? Math.min(value, 15_000) : DEFAULT_HEARTBEAT_MS;
}

export interface StreamOptions {
  identity: Identity;
  /** Limits the stream to one rollover. */
  rolloverId?: string;
  lastEventId?: string;
}

export function sseResponse(request: Request, options: StreamOptions): Response {
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let replaying = options.lastEventId !== undefined;
      const buffered: StreamEvent[] = [];
      const sent = new Set<string>();

      const write = (text: string): void => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) return cleanup();
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (event: StreamEvent): void => {
        if (replaying) sent.add(event.id);
        write(formatFrame(event));
      };
      const visible = (event: StreamEvent): boolean => isVisible(event, options.identity, options.rolloverId);

      const unsubscribe = eventHub().subscribe((event) => {
        if (!visible(event)) return;
        if (replaying) buffered.push(event);
        else send(event);
      });
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs());
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        request.signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the consumer.
        }
      };
      request.signal.addEventListener('abort', cleanup);
      if (request.signal.aborted) return cleanup();

      write('retry: 2000\n: connected\n\n');
      if (options.lastEventId !== undefined) {
        replayAfter(options.lastEventId)
          .catch((error: unknown) => {
            console.warn(JSON.stringify({ event: 'streamReplayFailed', message: String(error) }));
            return [] as StreamEvent[];
          })
          .then((events) => {
            for (const event of events) if (visible(event)) send(event);
            replaying = false;
            for (const event of buffered) if (!sent.has(event.id)) send(event);
            buffered.length = 0;
            sent.clear();
          });
      }
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, { headers: SSE_HEADERS });
}

/** The client's resume point: the standard header, or `?lastEventId=` for clients that reconnect themselves. */
export function lastEventIdOf(request: Request, queryValue: string | undefined): string | undefined {
  const value = request.headers.get('last-event-id') ?? queryValue;
  return value && value.trim().length > 0 ? value.trim() : undefined;
}
