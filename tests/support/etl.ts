// Waiting on the ETL's observable outputs: the completion event, failures and the run document.
import { etlCompletedEventId, type EtlMessage } from '@trustrails/contracts';
import { claimRun } from '../../functions/src/etl/run-state';
import { etlQueue, type EtlQueue } from '../../functions/src/etl/enqueue';
import type { OrchestratorDeps } from '../../functions/src/etl/orchestrator';
import type { Warehouse } from '@trustrails/warehouse';
import { db } from './firebase';
import { waitFor } from './wait';

export async function waitForCompletion(rolloverId: string, timeoutMs = 30_000) {
  return waitFor(
    `etl.completed for ${rolloverId}`,
    async () => {
      const snap = await db().collection('events').doc(etlCompletedEventId(rolloverId)).get();
      return snap.exists ? snap.data() : undefined;
    },
    { timeoutMs },
  );
}

export async function waitForRunStatus(rolloverId: string, status: string, timeoutMs = 30_000) {
  return waitFor(
    `etlRuns/${rolloverId} to be ${status}`,
    async () => {
      const snap = await db().collection('etlRuns').doc(rolloverId).get();
      return snap.get('status') === status ? snap.data() : undefined;
    },
    { timeoutMs },
  );
}

export async function eventsOf(rolloverId: string, eventType: string) {
  const snap = await db()
    .collection('events')
    .where('rolloverId', '==', rolloverId)
    .where('eventType', '==', eventType)
    .get();
  return snap.docs.map((d): Record<string, unknown> & { id: string } => ({ id: d.id, ...d.data() }));
}

/**
 * Claims etlRuns/{rolloverId} with stage 1's own transition, without publishing, under an event id
 * no trigger will see (unless one is given): the test drives every delivery itself.
 */
export async function claimRunByHand(
  rolloverId: string,
  eventId = `${rolloverId}-claimed-by-test`,
): Promise<EtlMessage> {
  const claim = await claimRun(db(), rolloverId, eventId);
  if (!claim.publish) throw new Error(`etlRuns/${rolloverId} already exists (${claim.status})`);
  return claim.publish;
}

/**
 * A queue whose every message, on either lane, goes to `deliver`, for tests that drive deliveries
 * themselves; the bulk lane's slots are the real ones (etlBulkSlots), `bulkConcurrency` of them.
 */
export function queueTo(deliver: (message: EtlMessage) => Promise<void>, bulkConcurrency = 20): EtlQueue {
  return etlQueue(db(), (_lane, message) => deliver(message), bulkConcurrency);
}

/**
 * A worker for tests that call processEtlMessage in this process on `warehouse` (the real one, or a
 * wrapper that injects a fault): no in-delivery retries, so a fault shows on the first attempt.
 */
export const inProcessWorker = (warehouse: Warehouse): OrchestratorDeps => ({
  db: db(),
  warehouse,
  publishDeadLetter: async () => undefined,
  leaseMs: 60_000,
  maxAttempts: 5,
  retry: { retries: 0, baseDelayMs: 1 },
});
