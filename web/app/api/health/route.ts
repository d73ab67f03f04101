import 'server-only';
// GET /api/health: readiness for `npm start`, the tests and a load balancer. 200 once Firestore
// and the warehouse both answer a real read; 503 naming the one that did not. No hosts, ever.
import { adminDb } from '@/lib/firebase/admin';
import { checkHealth, storeProbes } from '@/lib/health/check-health';
import { warehouse } from '@/lib/warehouse/warehouse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return checkHealth(storeProbes({ db: adminDb, warehouse }));
}
