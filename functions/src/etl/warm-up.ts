// A warm-up message (EtlWarmUpMessage) readies the worker instance that takes it: the orchestrator's
// code is loaded, the Firestore client and the warehouse pool open a connection each, with reads
// only. After a start, the first rollover then finds an instance ready instead of paying for all
// of that (issue 12). It never throws: a warm-up is not worth a redelivery.
import type { Firestore } from 'firebase-admin/firestore';
import { EtlWarmUpMessage } from '@trustrails/contracts';
import type { AnalyticsReader } from '@trustrails/warehouse';
import { logs } from '../logs';
import { CONTROL_DOC } from './run-state/collection';

export interface WarmUpDeps {
  db: Firestore;
  warehouse: () => AnalyticsReader;
  /** The code the first real message needs, already loading. */
  code: Promise<unknown>;
}

export const isWarmUp = (payload: unknown): boolean => EtlWarmUpMessage.safeParse(payload).success;

export async function warmUp(deps: WarmUpDeps): Promise<void> {
  const t0 = performance.now();
  try {
    // The run control document every take reads, and the custodians list: both read-only.
    await Promise.all([deps.code, deps.db.doc(CONTROL_DOC).get(), deps.warehouse().listCustodianIds()]);
    logs.workerWarmed({ ms: Math.round(performance.now() - t0) });
  } catch (error) {
    logs.workerWarmUpFailed({ reason: error instanceof Error ? error.message : String(error) });
  }
}
