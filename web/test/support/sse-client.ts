// Test helper: reads an SSE Response body (from a route handler called directly, or fetch) into
// frames and comments, and waits on them with deadlines.
export interface Frame {
  id?: string;
  /** Set for a named event (`event: replay`); messages have none. */
  event?: string;
  data?: string;
  raw: string;
}

export class SseReader {
  /** The messages (unnamed frames), what `onmessage` would see. */
  readonly frames: Frame[] = [];
  /** Named events, such as the replay status. */
  readonly named: Frame[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly done: Promise<void>;

  constructor(
    response: Response,
    private readonly abort?: AbortController,
  ) {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Aborted.
      } finally {
        this.ended = true;
      }
    })();
  }

  private parse(block: string): void {
    const frame: Frame = { raw: block };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) frame.id = line.slice(4);
      else if (line.startsWith('event: ')) frame.event = line.slice(7);
      else if (line.startsWith('data: ')) frame.data = line.slice(6);
    }
    if (frame.event !== undefined) this.named.push(frame);
    else if (frame.id !== undefined || frame.data !== undefined) this.frames.push(frame);
  }

  messages<T = Record<string, unknown>>(): (T & { id: string })[] {
    return this.frames.map((f) => ({ ...(JSON.parse(f.data ?? '{}') as T), id: f.id ?? '' }));
  }

  /** Generous by default: a freshly opened listener can take over 10 s on a loaded shared machine. */
  async waitFor(what: string, predicate: (reader: SseReader) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; frames: ${JSON.stringify(this.frames.map((f) => f.id))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.abort?.abort();
    await this.done;
  }
}

/** The `replay` status a resumed stream sent: complete or not, or undefined before it came. */
export const replayStatus = (reader: SseReader): boolean | undefined => {
  const status = reader.named.filter((f) => f.event === 'replay').at(-1);
  return status ? (JSON.parse(status.data ?? '{}') as { complete?: boolean }).complete : undefined;
};

export type RouteHandler = (request: Request) => Promise<Response>;

/** Every reader a test opened, so an afterEach can close them all. */
export const openReaders: SseReader[] = [];

/** Calls an SSE route handler like a client would and waits until the stream is live (its greeting arrived). */
export async function connectSse(
  handler: RouteHandler,
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  const abort = new AbortController();
  const response = await handler(
    new Request(url, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: abort.signal }),
  );
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const reader = new SseReader(response, abort);
  openReaders.push(reader);
  await reader.waitFor('the greeting', (r) => r.comments.includes('connected'));
  return reader;
}

export const frameIds = (reader: SseReader): string[] => reader.frames.map((f) => f.id ?? '');
