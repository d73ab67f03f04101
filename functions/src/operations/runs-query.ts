// Reading runs for the admin API: filtered lists with cursor pagination, one run in detail,
// and the health figures of the queue.
import { Filter, Timestamp, type Firestore, type Query } from 'firebase-admin/firestore';
import { RUN_STATES, type RunState } from '@trustrails/contracts';
import { RUNS, runRef } from '../etl/run-state';

export interface ListRunsInput {
  status?: RunState;
  custodianId?: string;
  from?: Date;
  to?: Date;
  pageSize: number;
  pageToken?: string;
}

const toJson = (value: unknown): unknown => {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
};

export async function listRuns(db: Firestore, input: ListRunsInput) {
  let query: Query = db.collection(RUNS);
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
  query = query.orderBy('createdAt', 'desc');
  if (input.pageToken) {
    const cursor = await db.collection(RUNS).doc(input.pageToken).get();
    if (cursor.exists) query = query.startAfter(cursor);
  }
  const page = await query.limit(input.pageSize + 1).get();
  const docs = page.docs.slice(0, input.pageSize);
  return {
    runs: docs.map((doc) => ({ id: doc.id, ...(toJson(doc.data()) as object) })),
    nextPageToken: page.size > input.pageSize ? docs.at(-1)!.id : null,
  };
}

export async function getRun(db: Firestore, rolloverId: string) {
  const snap = await db.collection(RUNS).doc(rolloverId).get();
  if (!snap.exists) return null;
  const failures = await db
    .collection('events')
    .where('rolloverId', '==', rolloverId)
    .where('eventType', '==', 'etl.failed')
    .get();
  return {
    id: snap.id,
    ...(toJson(snap.data()) as object),
    failures: failures.docs
      .map((doc) => ({
        id: doc.id,
        ...(toJson(doc.get('eventData')) as object),
        at: toJson(doc.get('timestamp')) as string,
      }))
      .sort((a, b) => a.at.localeCompare(b.at)),
  };
}

export async function health(db: Firestore, now = new Date()) {
  const runs = db.collection(RUNS);
  const [pending, running, oldest, failures, finished] = await Promise.all([
    runs.where('status', '==', RUN_STATES.PENDING).count().get(),
    runs.where('status', '==', RUN_STATES.RUNNING).count().get(),
    runs.where('status', '==', RUN_STATES.PENDING).orderBy('createdAt', 'asc').limit(1).get(),
    runs
      .where('status', '==', RUN_STATES.ERROR)
      .where('updatedAt', '>=', Timestamp.fromMillis(now.getTime() - 3_600_000))
      .count()
      .get(),
    runs
      .where('status', '==', RUN_STATES.FINISHED)
      .orderBy('finishedAt', 'desc')
      .limit(200)
      .select('processingTimeMs')
      .get(),
  ]);
  const times = finished.docs
    .map((d) => d.get('processingTimeMs'))
    .filter((n): n is number => typeof n === 'number')
    .sort((a, b) => a - b);
  const oldestCreated = oldest.docs[0]?.get('createdAt') as Timestamp | undefined;
  return {
    queueDepth: pending.data().count + running.data().count,
    pending: pending.data().count,
    running: running.data().count,
    oldestPendingAt: oldestCreated ? oldestCreated.toDate().toISOString() : null,
    failuresLastHour: failures.data().count,
    processingTimeMs: {
      samples: times.length,
      avg: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : null,
      p95: times.length ? times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! : null,
    },
  };
}

/** Status counts for a set of runs, for progress reporting. */
export async function statusCounts(db: Firestore, rolloverIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < rolloverIds.length; i += 100) {
    const snaps = await db.getAll(...rolloverIds.slice(i, i + 100).map((id) => runRef(db, id)));
    for (const snap of snaps) {
      const status = snap.data()?.status ?? 'MISSING';
      counts[status] = (counts[status] ?? 0) + 1;
    }
  }
  return counts;
}
