import 'server-only';
// ONE Firestore listener per server process on the streamed event types, fanned out to every SSE
// connection. Firestore reads and listener count then scale with server instances, not viewers.
// Opens lazily with the first subscriber, closes after the last; a broken listener reopens from
// the last timestamp it saw (or where it first opened) while subscribers stay connected (ids dedupe
// the overlap). Every dispatched event also goes into a ring buffer, so Last-Event-ID replays cost
// no Firestore reads; from a listener error until the re-opened one has caught up, the buffer
// vouches for nothing and replays read Firestore.
import { Timestamp, type Firestore, type QuerySnapshot } from 'firebase-admin/firestore';
import { webConfig } from '@/lib/config';
import { adminDb } from '@/lib/firebase/admin';
import { partiesOf } from './parties';
import { ReplayBuffer } from './replay-buffer';
import { ResilientListener } from './resilient-listener';
import { STREAMED_TYPES, toStreamEvent, type Parties, type StreamEvent } from './stream-event';
import { COLLECTIONS } from '@trustrails/contracts';
import { processSingleton } from '@/lib/process-singleton';

export type Subscriber = (event: StreamEvent) => void;

export interface HubStats {
  /** Firestore listeners this process holds right now: 0 or 1. */
  listeners: number;
  subscribers: number;
  opens: number;
  errors: number;
  delivered: number;
  /** Last-Event-ID replays answered from the ring buffer, and those that had to query Firestore. */
  replay: { fromBuffer: number; fromFirestore: number; firestoreDocsRead: number };
}

export interface HubOptions {
  db?: () => Firestore;
  /** Re-anchor the query once its result set holds this many documents, so memory stays bounded. */
  reanchorAfter?: number;
  /** Clock-skew margin between this server and Firestore's server timestamps. */
  skewMarginMs?: number;
  resolveParties?: (rolloverId: string) => Promise<Parties | null>;
  /** Events kept for replay. */
  replayCapacity?: number;
}

const RECENT_IDS = 5_000;

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly listener: ResilientListener;
  /** Newest timestamp seen; a reopened listener resumes from it. */
  private resumeFrom: Timestamp | null = null;
  /** Where the first open started, so a re-open before any event was seen misses nothing. */
  private openedFrom: Timestamp | null = null;
  /** A listener error left a gap that the re-opened listener has not delivered yet. */
  private catchingUp = false;
  /** On a lazy open, documents older than this belong to no one connected. */
  private cutoffMs: number | null = null;
  private readonly recent = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly counters = { opens: 0, errors: 0, delivered: 0 };
  private readonly replayCounters = { fromBuffer: 0, fromFirestore: 0, firestoreDocsRead: 0 };
  private readonly buffer: ReplayBuffer;

  constructor(private readonly options: HubOptions = {}) {
    this.buffer = new ReplayBuffer(options.replayCapacity ?? 10_000);
    this.listener = new ResilientListener({
      name: 'stream',
      query: () => this.query(),
      onSnapshot: (snapshot) => this.onSnapshot(snapshot),
      wanted: () => this.subscribers.size > 0,
      onError: () => this.onListenerError(),
    });
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) this.openFresh();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.close();
    };
  }

  stats(): HubStats {
    return {
      listeners: this.listener.listeners(),
      subscribers: this.subscribers.size,
      ...this.counters,
      replay: { ...this.replayCounters },
    };
  }

  /**
   * The visible events after `lastEventId`, not older than `floorMs`, from memory, and whether
   * they resume from that id without a gap; null when the buffer does not reach back that far and
   * the caller must query Firestore (then counted).
   * Call it right after subscribing, in the same tick, so the buffer and the live feed meet
   * without a gap.
   */
  bufferedSince(
    lastEventId: string,
    visible: (event: StreamEvent) => boolean,
    floorMs: number,
  ): { events: StreamEvent[]; resumed: boolean } | null {
    if (this.catchingUp) return null;
    const events = this.buffer.since(lastEventId, visible, floorMs);
    if (!events) return null;
    this.replayCounters.fromBuffer += 1;
    return { events, resumed: this.buffer.resumes(lastEventId, visible, floorMs) };
  }

  /** A replay the buffer could not answer read these many documents from Firestore. */
  countFirestoreReplay(docsRead: number): void {
    this.replayCounters.fromFirestore += 1;
    this.replayCounters.firestoreDocsRead += docsRead;
  }

  private db(): Firestore {
    return (this.options.db ?? adminDb)();
  }

  /** A lazy open: nothing seen yet, and documents older than now belong to no one connected. */
  private openFresh(): void {
    this.resumeFrom = null;
    this.catchingUp = false;
    this.cutoffMs = Date.now();
    this.openedFrom = Timestamp.fromMillis(this.cutoffMs - (this.options.skewMarginMs ?? 2_000));
    this.buffer.restart(this.cutoffMs);
    this.listener.open();
  }

  /** From the newest timestamp seen (a re-anchor or a re-open after an error), else from the first open. */
  private query() {
    const skew = this.options.skewMarginMs ?? 2_000;
    const start = this.resumeFrom ?? this.openedFrom ?? Timestamp.fromMillis(Date.now() - skew);
    this.counters.opens += 1;
    return this.db()
      .collection(COLLECTIONS.events)
      .where('eventType', 'in', STREAMED_TYPES)
      .orderBy('timestamp')
      .startAt(start);
  }

  private onListenerError(): void {
    this.counters.errors += 1;
    this.catchingUp = true;
  }

  private close(): void {
    this.catchingUp = false;
    this.openedFrom = null;
    this.listener.close();
    this.buffer.stop();
    this.queue = Promise.resolve();
  }

  private onSnapshot(snapshot: QuerySnapshot): void {
    const cutoff = this.cutoffMs;
    this.cutoffMs = null;
    for (const change of snapshot.docChanges()) {
      if (change.type !== 'added') continue;
      const id = change.doc.id;
      if (this.recent.has(id)) continue;
      this.remember(id);
      const data = change.doc.data();
      const timestamp = data.timestamp instanceof Timestamp ? data.timestamp : null;
      if (timestamp && (!this.resumeFrom || timestamp.toMillis() > this.resumeFrom.toMillis()))
        this.resumeFrom = timestamp;
      if (cutoff !== null && timestamp && timestamp.toMillis() < cutoff) continue;
      this.enqueue(id, data, change.doc.createTime?.toMillis() ?? null);
    }
    // The re-opened listener's first snapshot holds the gap: once it is dispatched (in order,
    // after the events above), the buffer is whole again.
    if (this.catchingUp) this.queue = this.queue.then(() => void (this.catchingUp = false));
    const limit = this.options.reanchorAfter ?? 1_000;
    if (snapshot.size >= limit && this.subscribers.size > 0) this.listener.open();
  }

  /** Sequential, so an etl.failed awaiting its parties cannot overtake an earlier event. */
  private enqueue(id: string, data: Record<string, unknown>, committedAtMs: number | null): void {
    this.queue = this.queue.then(async () => {
      const needsParties = data.eventType === 'etl.failed' && typeof data.rolloverId === 'string';
      const resolve = this.options.resolveParties ?? partiesOf;
      const parties = needsParties ? await resolve(data.rolloverId as string).catch(() => null) : null;
      const event = toStreamEvent(id, data, parties ?? undefined);
      if (event) this.dispatch(event, committedAtMs);
    });
  }

  /**
   * The buffer keeps the event as replays send it; live subscribers share one copy that adds the
   * commit -> send time (one object, so its frame is still encoded once for all of them).
   */
  private dispatch(event: StreamEvent, committedAtMs: number | null): void {
    this.buffer.push(event);
    const live: StreamEvent =
      committedAtMs === null
        ? event
        : { id: event.id, message: { ...event.message, commitToSendMs: Math.max(0, Date.now() - committedAtMs) } };
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber(live);
        this.counters.delivered += 1;
      } catch (error) {
        console.warn(JSON.stringify({ event: 'streamSubscriberError', message: String(error) }));
      }
    }
  }

  private remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

/** The process-wide hub, shared by every route bundle. */
export const eventHub: () => EventHub = processSingleton(
  'event-hub',
  () => new EventHub({ replayCapacity: webConfig().streams.replayBufferEvents }),
);
