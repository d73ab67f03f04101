// Liveness for `npm start` and the tests: the web server is up and can reach its stores.
import { webConfig } from '../../../lib/config';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ ok: true, firestore: webConfig().firestoreEmulatorHost ?? 'production' });
}
