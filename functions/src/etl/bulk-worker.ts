// The bulk lane's worker: the same processing as the live worker, then the delivery hands its slot
// to the oldest waiting bulk run, whatever the outcome (finished, failed, cancelled, stale, a
// message that named no run), so the lane moves on without polling (run-state/bulk-lane.ts).
import { EtlMessage } from '@trustrails/contracts';
import { logs } from '../logs';
import { classifyError } from './errors';
import type { EtlQueue } from './enqueue';
import { processEtlMessage, type OrchestratorDeps } from './orchestrator';
import { passSlotOn } from './run-state';

export interface BulkWorkerDeps extends OrchestratorDeps {
  queue: EtlQueue;
  bulkConcurrency: number;
}

/** `body.ok` false: the message was not JSON (already logged); its slot, if any, is found by the sweeper's top-up. */
export async function handleBulkMessage(
  deps: BulkWorkerDeps,
  body: { ok: true; payload: unknown } | { ok: false },
): Promise<void> {
  const parsed = body.ok ? EtlMessage.safeParse(body.payload) : null;
  const rolloverId = parsed?.success ? parsed.data.rolloverId : null;
  try {
    if (body.ok) await processEtlMessage(deps, body.payload);
  } finally {
    // Never masks the processing error, which decides the redelivery; a lost hand-on costs only
    // time until the next sweep tops the lane up.
    try {
      const dispatched = await passSlotOn(deps.db, rolloverId, deps.bulkConcurrency);
      for (const dispatch of dispatched) await deps.queue.publish(dispatch);
      logs.bulkSlotPassed({ rolloverId, dispatched: dispatched.length });
    } catch (error) {
      logs.bulkSlotNotPassed({ rolloverId, reason: classifyError(error).reason });
    }
  }
}
