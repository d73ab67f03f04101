// Test helper: an EventSource the test drives by hand (open, messages, drops), for the
// dashboard's refresh controller.
import type { EventSourceLike } from '../../lib/analytics-refresh/controller';

export class FakeEventSource implements EventSourceLike {
  static all: FakeEventSource[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string; lastEventId?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
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
  drop() {
    this.onerror?.({});
  }
  close() {
    this.closed = true;
  }
}
