import 'server-only';
// The admins' live run stream: every change to etlRuns as the run's monitor view, through the one
// shared runs listener, with the same connection rules as the dashboard streams (lib/stream).
// A reconnect replays the runs changed after its Last-Event-ID, bounded; past the bound, or for an
// id this stream never sent, it says the replay is incomplete and the monitor refetches.
import { Timestamp } from 'firebase-admin/firestore';
import type { Identity } from '@/lib/auth/identity';
import { adminDb } from '@/lib/firebase/admin';
import { sseStream } from '@/lib/stream/sse-response';
import { runsHub, toRunChange, updatedAtOf, type RunChange } from './runs-hub';
import { COLLECTIONS } from '@trustrails/contracts';

const REPLAY_MAX = 500;

async function replayAfter(lastEventId: string): Promise<{ events: RunChange[]; complete: boolean }> {
  const after = updatedAtOf(lastEventId);
  if (after === null) return { events: [], complete: false };
  const page = await adminDb()
    .collection(COLLECTIONS.etlRuns)
    .where('updatedAt', '>', Timestamp.fromMillis(after))
    .orderBy('updatedAt')
    .limit(REPLAY_MAX)
    .get();
  const events = page.docs.map((doc) => toRunChange(doc.id, doc.data())).filter((c) => c !== null);
  return { events, complete: page.size < REPLAY_MAX };
}

export function runStreamResponse(request: Request, identity: Identity, lastEventId: string | undefined): Response {
  return sseStream(
    request,
    { identity, lastEventId },
    {
      subscribe: (listener) => runsHub().subscribe(listener),
      // The route admits admins only, and admins see every run.
      visible: () => true,
      replayAfter,
      frame: (change) => `id: ${change.id}\nevent: run\ndata: ${JSON.stringify(change.run)}\n\n`,
    },
  );
}
