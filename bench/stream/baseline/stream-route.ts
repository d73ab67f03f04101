// The seed's stream, kept as a benchmark baseline (never shipped): every SSE client opens its own
// Firestore onSnapshot on `events`, so listeners, reads and per-write work grow with viewers.
// Same auth check as ours (a Firebase ID token verified by firebase-admin), same frame format,
// same "only events newer than the connection" rule, so the comparison measures the design only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp, getFirestore, type DocumentData } from 'firebase-admin/firestore';
import { COLLECTIONS, STREAM_SOURCE, STREAMED_EVENT_TYPES } from '@trustrails/contracts';
import { adminApp } from '../../../tests/support/firebase';

export interface Caller {
  admin: boolean;
  custodianId: string | null;
}

/** Firestore listeners open right now, and streams served: the figures /stats reports. */
export const counters = { listeners: 0, subscribers: 0 };

/** `Authorization: Bearer` for Node clients, `?token=` for the page's EventSource (it cannot set headers). */
export async function callerOf(request: IncomingMessage): Promise<Caller | null> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ')
    ? header.slice(7)
    : new URL(request.url ?? '/', 'http://x').searchParams.get('token');
  if (!token) return null;
  try {
    const claims = await getAuth(adminApp()).verifyIdToken(token);
    const custodianId = typeof claims.custodianId === 'string' ? claims.custodianId : null;
    return { admin: claims.admin === true, custodianId };
  } catch {
    return null;
  }
}

type GlobalType = keyof typeof STREAMED_EVENT_TYPES;
const TYPES = Object.keys(STREAMED_EVENT_TYPES) as GlobalType[];
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function frame(id: string, doc: DocumentData): string | null {
  const data = (doc.eventData ?? {}) as Record<string, unknown>;
  if (!(doc.timestamp instanceof Timestamp)) return null;
  const message = {
    type: STREAMED_EVENT_TYPES[doc.eventType as GlobalType],
    eventType: doc.eventType as string,
    rolloverId: str(doc.rolloverId),
    transferId: str(data.transferId),
    sourceCustodianId: str(data.sourceCustodianId),
    destinationCustodianId: str(data.destinationCustodianId),
    timestamp: doc.timestamp.toDate().toISOString(),
    source: STREAM_SOURCE,
  };
  return `id: ${id}\ndata: ${JSON.stringify(message)}\n\n`;
}

const visible = (caller: Caller, doc: DocumentData): boolean => {
  if (caller.admin) return true;
  const data = (doc.eventData ?? {}) as Record<string, unknown>;
  return data.sourceCustodianId === caller.custodianId || data.destinationCustodianId === caller.custodianId;
};

export function streamPerClient(request: IncomingMessage, response: ServerResponse, caller: Caller): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  response.write('retry: 2000\n: connected\n\n');
  const connectedAt = Date.now();
  const unsubscribe = getFirestore(adminApp())
    .collection(COLLECTIONS.events)
    .where('eventType', 'in', TYPES)
    .orderBy('timestamp')
    .startAt(Timestamp.fromMillis(connectedAt - 2_000))
    .onSnapshot(
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          if (change.type !== 'added') continue;
          const doc = change.doc.data();
          // The skew margin lets the query see writes racing the connection; older ones are not ours to send.
          if (doc.timestamp instanceof Timestamp && doc.timestamp.toMillis() < connectedAt) continue;
          const text = visible(caller, doc) ? frame(change.doc.id, doc) : null;
          if (text) response.write(text);
        }
      },
      () => response.end(),
    );
  counters.listeners += 1;
  counters.subscribers += 1;
  const heartbeat = setInterval(() => response.write(': ping\n\n'), 15_000);
  let open = true;
  request.on('close', () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    counters.listeners -= 1;
    counters.subscribers -= 1;
  });
}
