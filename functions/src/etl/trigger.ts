// Stage 1: a created event document. Only rollover.completed starts the ETL: claim the run in a
// transaction, publish one message, return. Redeliveries and repeat completions enqueue nothing.
import type { Firestore } from 'firebase-admin/firestore';
import { RolloverId, describeZodError } from '@trustrails/contracts';
import { logs } from '../logs';
import { enqueueRollover, type Publish } from './enqueue';

export interface TriggerDeps {
  db: Firestore;
  publish: Publish;
}

export async function handleEventCreated(deps: TriggerDeps, eventId: string, data: unknown): Promise<void> {
  const record = (data ?? {}) as { eventType?: unknown; rolloverId?: unknown };
  if (record.eventType !== 'rollover.completed') {
    return logs.eventIgnored({ eventId, eventType: String(record.eventType), reason: 'not rollover.completed' });
  }
  // Only the rolloverId is needed to claim; the worker validates the whole rollover and turns
  // bad data into a recorded etl.failed instead of a silent drop here. An id that cannot be a
  // document id has no run to record a failure on: it is logged once and acknowledged, because a
  // retry would fail the same way forever.
  const rolloverId = RolloverId.safeParse(record.rolloverId);
  if (!rolloverId.success)
    return logs.eventRejected({ eventId, reason: describeZodError(rolloverId.error, 'rolloverId').message });

  const t0 = performance.now();
  const claim = await enqueueRollover(deps.db, deps.publish, rolloverId.data, eventId);
  if (!claim.publish) return logs.runNotClaimed({ rolloverId: rolloverId.data, eventId, status: claim.status });
  logs.runClaimed({
    rolloverId: rolloverId.data,
    eventId,
    attempt: claim.publish.attempt,
    ms: Math.round(performance.now() - t0),
  });
}
