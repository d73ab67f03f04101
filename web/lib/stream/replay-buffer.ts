import 'server-only';
// The last N events the shared listener dispatched, in dispatch order, so a Last-Event-ID
// reconnect is answered from memory. It knows since when it is complete: it answers only when
// nothing the caller may have missed can be outside it, and otherwise says so (null).
import type { StreamEvent } from './stream-event';

interface Entry {
  event: StreamEvent;
  atMs: number;
  seq: number;
}

export class ReplayBuffer {
  private readonly entries: (Entry | undefined)[];
  private readonly seqById = new Map<string, number>();
  private nextSeq = 0;
  /** Every event dispatched after this time is here; null while the listener is closed. */
  private completeAfterMs: number | null = null;

  constructor(private readonly capacity: number) {
    this.entries = new Array<Entry | undefined>(capacity);
  }

  /** A fresh listener opened at `fromMs`: what came before may have gaps, so forget it. */
  restart(fromMs: number): void {
    this.entries.fill(undefined);
    this.seqById.clear();
    this.completeAfterMs = fromMs;
  }

  /** The listener closed: nothing after this moment will be recorded. */
  stop(): void {
    this.completeAfterMs = null;
  }

  push(event: StreamEvent): void {
    if (this.completeAfterMs === null) return;
    const seq = this.nextSeq++;
    const slot = seq % this.capacity;
    const evicted = this.entries[slot];
    if (evicted) {
      this.seqById.delete(evicted.event.id);
      // Events as old as the evicted one may be gone now.
      this.completeAfterMs = Math.max(this.completeAfterMs, evicted.atMs);
    }
    this.entries[slot] = { event, atMs: Date.parse(event.message.timestamp), seq };
    this.seqById.set(event.id, seq);
  }

  /**
   * Whether `lastEventId` is a visible event the buffer still holds, not older than `floorMs`:
   * then a replay after it misses nothing. Otherwise the gap since it is unknown.
   */
  resumes(lastEventId: string, visible: (event: StreamEvent) => boolean, floorMs: number): boolean {
    const seq = this.seqById.get(lastEventId);
    const last = seq === undefined ? undefined : this.entries[seq % this.capacity];
    return last !== undefined && last.event.id === lastEventId && visible(last.event) && last.atMs >= floorMs;
  }

  /**
   * The visible events after `lastEventId` and not older than `floorMs`, or null when the buffer
   * cannot vouch for them. An id the caller may not see counts as unknown, like one that never
   * existed, so the answer cannot tell the two apart.
   */
  since(lastEventId: string, visible: (event: StreamEvent) => boolean, floorMs: number): StreamEvent[] | null {
    if (this.completeAfterMs === null) return null;
    const seq = this.seqById.get(lastEventId);
    const last = seq === undefined ? undefined : this.entries[seq % this.capacity];
    const known = last !== undefined && visible(last.event);
    if (!known && this.completeAfterMs > floorMs) return null;
    const events: StreamEvent[] = [];
    const oldest = Math.max(0, this.nextSeq - this.capacity);
    for (let s = known ? last.seq + 1 : oldest; s < this.nextSeq; s++) {
      const entry = this.entries[s % this.capacity];
      if (entry && entry.atMs >= floorMs && visible(entry.event)) events.push(entry.event);
    }
    return events;
  }
}
