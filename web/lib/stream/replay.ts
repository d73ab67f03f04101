import 'server-only';
// Last-Event-ID replay: the streamed events after that id, at most five minutes back.
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb } from '../firebase/admin';
import { partiesOf } from './parties';
import { STREAMED_TYPES, toStreamEvent, type StreamEvent } from './stream-event';

export const REPLAY_WINDOW_MS = 5 * 60_000;
const REPLAY_PAGE = 1_000;
// Bounds a replay even after a burst: five minutes of a busy platform, then the stream goes live.
const REPLAY_MAX = 20_000;

export async function replayAfter(lastEventId: string, now = Date.now()): Promise<StreamEvent[]> {
  const db = adminDb();
  const floor = Timestamp.fromMillis(now - REPLAY_WINDOW_MS);
  const base = db.collection('events').where('eventType', 'in', STREAMED_TYPES).orderBy('timestamp');
  const last = await db.collection('events').doc(lastEventId).get();
  const lastTimestamp = last.exists ? last.get('timestamp') : null;
  // Unknown or older ids replay the whole window: at-least-once, and clients dedupe by id.
  const query =
    lastTimestamp instanceof Timestamp &&
    lastTimestamp.toMillis() >= floor.toMillis() &&
    STREAMED_TYPES.includes(last.get('eventType'))
      ? base.startAfter(last)
      : base.startAt(floor);
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
  const events: StreamEvent[] = [];
  for (const doc of docs) {
    if (doc.id === lastEventId) continue;
    const data = doc.data();
    const parties = data.eventType === 'etl.failed' ? await partiesOf(String(data.rolloverId)).catch(() => null) : null;
    const event = toStreamEvent(doc.id, data, parties ?? undefined);
    if (event) events.push(event);
  }
  return events;
}
