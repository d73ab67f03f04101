import 'server-only';
// Last-Event-ID replay: the visible streamed events after that id, at most SSE_REPLAY_WINDOW_MS back
// (five minutes by default), and whether the replay is complete.
// The hub's ring buffer answers when it reaches back far enough; otherwise (after a restart, or
// for an id it never held) one bounded, paged Firestore query does, and the hub counts it. An id
// that cannot be an event's document id is refused before either.
import { Timestamp } from 'firebase-admin/firestore';
import { COLLECTIONS, documentId } from '@trustrails/contracts';
import { webConfig } from '@/lib/config';
import { adminDb } from '@/lib/firebase/admin';
import { eventHub } from './event-hub';
import { partiesOf } from './parties';
import { STREAMED_TYPES, toStreamEvent, type StreamEvent } from './stream-event';

const REPLAY_PAGE = 1_000;
// Bounds a replay even after a burst: a window of a busy platform, then the stream goes live.
const REPLAY_MAX = 20_000;

type Visible = (event: StreamEvent) => boolean;

/**
 * What a reconnect missed. `complete` is true only when the replay resumed right after the
 * caller's last event and was not cut short: otherwise (an unknown, foreign or too old id, a
 * truncated or failed replay) the client cannot know what it missed and must refetch.
 */
export interface Replay<E = StreamEvent> {
  events: E[];
  complete: boolean;
}

/**
 * An id this stream could have sent: an events document id. Anything else (a path through other
 * collections, a reserved or oversized id) is answered before any read, as a gap the client
 * cannot know: no events, `complete: false`, and the dashboard refetches.
 */
const EventId = documentId();

/** From memory when possible; must run in the tick the caller subscribed to the hub. */
export function replayAfter(lastEventId: string, visible: Visible, now = Date.now()): Promise<Replay> {
  if (!EventId.safeParse(lastEventId).success) return Promise.resolve({ events: [], complete: false });
  const floorMs = now - webConfig().streams.replayWindowMs;
  const buffered = eventHub().bufferedSince(lastEventId, visible, floorMs);
  return buffered
    ? Promise.resolve({ events: buffered.events, complete: buffered.resumed })
    : replayFromFirestore(lastEventId, visible, floorMs);
}

const asEvent = async (doc: FirebaseFirestore.DocumentSnapshot): Promise<StreamEvent | null> => {
  const data = doc.data();
  if (!data) return null;
  const parties = data.eventType === 'etl.failed' ? await partiesOf(String(data.rolloverId)).catch(() => null) : null;
  return toStreamEvent(doc.id, data, parties ?? undefined);
};

async function replayFromFirestore(lastEventId: string, visible: Visible, floorMs: number): Promise<Replay> {
  const db = adminDb();
  const floor = Timestamp.fromMillis(floorMs);
  const base = db.collection(COLLECTIONS.events).where('eventType', 'in', STREAMED_TYPES).orderBy('timestamp');
  const last = await db.collection(COLLECTIONS.events).doc(lastEventId).get();
  const lastEvent = await asEvent(last);
  const lastTimestamp = last.get('timestamp') as unknown;
  // Resume after the id only when the caller may see that event: any other id (unknown, foreign,
  // not streamed, too old) replays the whole window, so the answer reveals nothing about it.
  // At-least-once: clients dedupe by id.
  const resumed =
    lastEvent !== null &&
    visible(lastEvent) &&
    lastTimestamp instanceof Timestamp &&
    lastTimestamp.toMillis() >= floorMs;
  const query = resumed ? base.startAfter(last) : base.startAt(floor);
  const docs: FirebaseFirestore.QueryDocumentSnapshot[] = [];
  // Page through the window: one capped read would silently drop the newest events after a burst.
  for (
    let page = await query.limit(REPLAY_PAGE).get();
    ;
    page = await query.startAfter(docs.at(-1)!).limit(REPLAY_PAGE).get()
  ) {
    docs.push(...page.docs);
    if (page.size < REPLAY_PAGE || docs.length >= REPLAY_MAX) break;
  }
  eventHub().countFirestoreReplay(docs.length + 1);
  const events: StreamEvent[] = [];
  for (const doc of docs) {
    if (doc.id === lastEventId) continue;
    const event = await asEvent(doc);
    if (event && visible(event)) events.push(event);
  }
  return { events, complete: resumed && docs.length < REPLAY_MAX };
}
