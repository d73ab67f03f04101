// Test helper: an EventSource the test drives by hand (open, messages, drops), for the
// dashboard's refresh controller, including the server's named `replay` status and named events
// (`run`, `alert`).
import type { EventSourceLike } from '@/lib/analytics-refresh/controller';

export class FakeEventSource implements EventSourceLike {
  static all: FakeEventSource[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string; lastEventId?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: { data: string; lastEventId?: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  open() {
    this.onopen?.({});
  }
  emit(id: string, message: Record<string, unknown>) {
    this.onmessage?.({
      data: JSON.stringify({ source: 'global-analytics-stream', timestamp: new Date().toISOString(), ...message }),
      lastEventId: id,
    });
  }
  addEventListener(type: string, listener: (event: { data: string; lastEventId?: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** A named event (`event: <type>`), as the run and alert streams send them. */
  emitNamed(type: string, id: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data), lastEventId: id });
  }
  /** The server's named `replay` event after a resumed connection's replay. */
  replay(complete: boolean) {
    for (const listener of this.listeners.get('replay') ?? []) listener({ data: JSON.stringify({ complete }) });
  }
  drop() {
    this.onerror?.({});
  }
  close() {
    this.closed = true;
  }
}
