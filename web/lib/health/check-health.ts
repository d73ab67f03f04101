import 'server-only';
// Readiness of the web server's two stores: a real read of Firestore and of the warehouse, each
// under a timeout. The answer names the store that failed and nothing else: this endpoint is
// public, so hosts, URLs and driver messages (which carry both) go to the server log only.
import type { Firestore } from 'firebase-admin/firestore';
import type { Warehouse } from '@trustrails/warehouse';
import { COLLECTIONS } from '@trustrails/contracts';

export type Probe = () => Promise<unknown>;
export interface Probes {
  firestore: Probe;
  warehouse: Probe;
}

// Generous for a cold start (the first gRPC channel and pool connection), short of a load balancer's patience.
export const HEALTH_TIMEOUT_MS = 5_000;
/** A custodian id no rollover uses: the summary read touches one index entry and returns zeros. */
const PROBE_CUSTODIAN = '__health__';

export function storeProbes(stores: { db: () => Firestore; warehouse: () => Warehouse }): Probes {
  return {
    // One document read, from a collection the ETL always has.
    firestore: () => stores.db().collection(COLLECTIONS.etlRuns).limit(1).get(),
    // The warehouse port has no ping; its cheapest real query is one monthly summary lookup.
    warehouse: () => stores.warehouse().getMonthlySummary(PROBE_CUSTODIAN, new Date().toISOString().slice(0, 7)),
  };
}

async function check(name: string, probe: Probe, timeoutMs: number): Promise<'ok' | 'unavailable'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    console.warn(JSON.stringify({ event: 'healthCheckFailed', store: name, message: String(error) }));
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(probes: Probes, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Response> {
  const [firestore, warehouse] = await Promise.all([
    check('firestore', probes.firestore, timeoutMs),
    check('warehouse', probes.warehouse, timeoutMs),
  ]);
  const ok = firestore === 'ok' && warehouse === 'ok';
  return Response.json(
    { ok, checks: { firestore, warehouse } },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
