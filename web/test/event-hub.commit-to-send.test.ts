// The server's half of freshness as users see it: a live frame carries commitToSendMs, the event's
// commit in Firestore to the hub sending it, on the server's clock; all live subscribers share one
// copy (so its frame is still encoded once), and the replay buffer keeps the event without it, as a
// replay is no delivery of the event's moment.
jest.mock('server-only', () => ({}));

import type { Firestore } from 'firebase-admin/firestore';
import { EventHub } from '@/lib/stream/event-hub';
import type { StreamEvent } from '@/lib/stream/stream-event';
import { FakeFirestore, doc, flush, snapshot } from './support/fake-listener-firestore';

test('live subscribers get commit -> send from the commit time; the replay buffer keeps the event without it', async () => {
  const fake = new FakeFirestore();
  const hub = new EventHub({ db: () => fake as unknown as Firestore, resolveParties: async () => null });
  const first: StreamEvent[] = [];
  const second: StreamEvent[] = [];
  hub.subscribe((e) => first.push(e));
  hub.subscribe((e) => second.push(e));
  const now = Date.now();
  fake.listeners[0]!.next(snapshot(doc('e0', now + 5), doc('e1', now + 10, 'etl.completed', now - 250)));
  await flush();
  const sentAt = Date.now();

  expect(first.map((e) => e.id)).toEqual(['e0', 'e1']);
  const ms = first[1]!.message.commitToSendMs!;
  expect(ms).toBeGreaterThanOrEqual(250);
  expect(ms).toBeLessThanOrEqual(sentAt - (now - 250));
  expect(second[1]).toBe(first[1]);
  const replayed = hub.bufferedSince('e0', () => true, 0);
  expect(replayed?.events.map((e) => e.id)).toEqual(['e1']);
  expect(replayed?.events[0]!.message).not.toHaveProperty('commitToSendMs');
});
