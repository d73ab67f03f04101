// Reading runs for the admin API: filtered lists with cursor pagination, and one run in detail.
// The queue's health figures are in monitoring/health.ts.
import { Filter, Timestamp, type Firestore, type Query } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  runToJson,
  toJson,
  type AdminRunDetail,
  type AdminRunsPage,
  type AdminStatusCounts,
  type EtlRunDoc,
  type RunState,
} from '@trustrails/contracts';
import { allowedActions, runRef, runsOf } from '../etl/run-state';
import { pageOf } from '../paging';

export interface ListRunsInput {
  status?: RunState;
  custodianId?: string;
  from?: Date;
  to?: Date;
  pageSize: number;
  pageToken?: string;
}

/** An etl.failed event's data, as the run detail lists it. */
interface FailureEvent {
  reason?: string;
  missing?: string[];
  retryable?: boolean;
  phase?: string | null;
  attempt?: number;
  transferId?: string;
}

export async function listRuns(db: Firestore, input: ListRunsInput): Promise<AdminRunsPage> {
  let query: Query<EtlRunDoc> = runsOf(db);
  if (input.status) query = query.where('status', '==', input.status);
  if (input.custodianId) {
    query = query.where(
      Filter.or(
        Filter.where('sourceCustodianId', '==', input.custodianId),
        Filter.where('destinationCustodianId', '==', input.custodianId),
      ),
    );
  }
  if (input.from) query = query.where('createdAt', '>=', Timestamp.fromDate(input.from));
  if (input.to) query = query.where('createdAt', '<', Timestamp.fromDate(input.to));
  // Ordered on the builder itself, so deploy:check's index step reads the query as it runs.
  query = query.orderBy('createdAt', 'desc');
  const { docs, nextPageToken } = await pageOf(query, runsOf(db), input);
  return { runs: docs.map((doc) => runToJson(doc.id, doc.data())), nextPageToken };
}

/**
 * One run in detail: the run document, the rollover's source events in time order, the latest
 * etl.completed payload (or null), each etl.failed payload, and what an admin may do next.
 */
export async function getRun(db: Firestore, rolloverId: string): Promise<AdminRunDetail | null> {
  const [snap, events] = await Promise.all([
    runRef(db, rolloverId).get(),
    db.collection(COLLECTIONS.events).where('rolloverId', '==', rolloverId).get(),
  ]);
  const run = snap.data();
  if (!run) return null;
  const all = events.docs
    .map((doc) => {
      const { eventType, timestamp, eventData } = doc.data() as {
        eventType?: string;
        timestamp?: Timestamp;
        eventData?: Record<string, unknown>;
      };
      return { id: doc.id, eventType: String(eventType), at: timestamp ? toJson(timestamp) : '', data: eventData };
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  // The latest revision's signal: a reprocessed run shows what its last load announced.
  const completed = all.filter((e) => e.eventType === 'etl.completed').at(-1);
  return {
    ...runToJson(snap.id, run),
    allowedActions: allowedActions(run.status),
    events: all
      .filter((e) => !e.eventType.startsWith('etl.'))
      .map((e) => ({ id: e.id, eventType: e.eventType, at: e.at, data: toJson(e.data ?? {}) })),
    completion: completed ? { id: completed.id, at: completed.at, ...toJson(completed.data ?? {}) } : null,
    failures: all
      .filter((e) => e.eventType === 'etl.failed')
      .map((e) => ({ id: e.id, ...toJson((e.data ?? {}) as FailureEvent), at: e.at })),
  };
}

/** Status counts for a set of runs, for progress reporting. */
export async function statusCounts(db: Firestore, rolloverIds: string[]): Promise<AdminStatusCounts> {
  const counts: AdminStatusCounts = {};
  for (let i = 0; i < rolloverIds.length; i += 100) {
    const snaps = await db.getAll(...rolloverIds.slice(i, i + 100).map((id) => runRef(db, id)));
    for (const snap of snaps) {
      const status = snap.data()?.status ?? 'MISSING';
      counts[status] = (counts[status] ?? 0) + 1;
    }
  }
  return counts;
}
