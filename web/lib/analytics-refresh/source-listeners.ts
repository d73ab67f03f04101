// What one EventSource of the refresh loop reports, turned into the state step's inputs: opened,
// messages (unnamed, and the named events the caller handles), the server's replay status, and
// drops. Events of a source the loop has moved on from are ignored.
import type { EventSourceLike } from './controller';
import type { RefreshInput } from './state-step';

export interface SourceHandlers {
  /** Whether this source is still the loop's open one. */
  current(): boolean;
  /** Whether an event id was delivered already (a replay may repeat it). */
  seen(id: string): boolean;
  dispatch(input: RefreshInput): void;
  /** Named events (`event: run`), each with its handler. */
  events: Readonly<Record<string, (data: string) => void>>;
  dropped(): void;
}

/** The server's `replay` status: whether the client missed nothing since its Last-Event-ID. */
function replayComplete(data: string): boolean {
  try {
    return (JSON.parse(data) as { complete?: unknown }).complete === true;
  } catch {
    // An unreadable status is no promise: treat the gap as unknown.
    return false;
  }
}

export function listenTo(es: EventSourceLike, on: SourceHandlers): void {
  es.onopen = () => on.current() && on.dispatch({ kind: 'opened' });
  es.onmessage = (event) =>
    on.current() && on.dispatch({ kind: 'message', data: event.data, id: event.lastEventId || null });
  es.addEventListener?.('replay', (event) => {
    if (on.current()) on.dispatch({ kind: 'replay', complete: replayComplete(event.data) });
  });
  for (const [name, handle] of Object.entries(on.events)) {
    es.addEventListener?.(name, (event) => {
      const id = event.lastEventId || null;
      if (!on.current() || (id !== null && on.seen(id))) return;
      // Data that is no StreamMessage only records the id to resume from; the handler reads it.
      on.dispatch({ kind: 'message', data: '', id });
      handle(event.data);
    });
  }
  es.onerror = () => {
    if (on.current()) on.dropped();
  };
}
