import 'server-only';
// The admins' live alert stream: every etlAlerts change as a named `alert` event, through the one
// shared alerts listener, with the connection rules of the other streams (lib/stream). There are
// at most one alert per condition, so a reconnect simply gets every alert again.
import type { Identity } from '@/lib/auth/identity';
import { adminDb } from '@/lib/firebase/admin';
import { sseStream } from '@/lib/stream/sse-response';
import { alertsHub, toAlertChange, type AlertChange } from './alerts-hub';
import { COLLECTIONS } from '@trustrails/contracts';

async function everyAlert(): Promise<{ events: AlertChange[]; complete: boolean }> {
  const docs = (await adminDb().collection(COLLECTIONS.etlAlerts).get()).docs;
  return { events: docs.map((doc) => toAlertChange(doc.data())).filter((c) => c !== null), complete: true };
}

export function alertStreamResponse(request: Request, identity: Identity, lastEventId: string | undefined): Response {
  return sseStream(
    request,
    { identity, lastEventId },
    {
      subscribe: (listener) => alertsHub().subscribe(listener),
      // The route admits admins only, and admins see every alert.
      visible: () => true,
      replayAfter: everyAlert,
      frame: (change) => `id: ${change.id}\nevent: alert\ndata: ${JSON.stringify(change.alert)}\n\n`,
    },
  );
}
