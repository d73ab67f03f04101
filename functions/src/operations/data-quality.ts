// The data-quality report of the admin API: per period, the share of completed transfers that have
// each optional field (from the warehouse), and the etl.failed events of the range by reason (from
// Firestore, where the ETL writes them).
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, DATA_QUALITY_FIELDS, type DataQualityReport, type Granularity } from '@trustrails/contracts';
import type { AnalyticsReader } from '@trustrails/warehouse';

/** A report reads at most this many etl.failed events; past it, `truncated` says so. */
export const FAILURES_READ_LIMIT = 10_000;

export interface DataQualityInput {
  granularity: Granularity;
  from: string;
  to: string;
}

async function failuresByReason(db: Firestore, from: string, to: string): Promise<DataQualityReport['failures']> {
  const start = Timestamp.fromDate(new Date(`${from}T00:00:00Z`));
  const end = Timestamp.fromMillis(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000);
  const page = await db
    .collection(COLLECTIONS.events)
    .where('eventType', '==', 'etl.failed')
    .where('timestamp', '>=', start)
    .where('timestamp', '<', end)
    .select('eventData.reason')
    .limit(FAILURES_READ_LIMIT + 1)
    .get();
  const docs = page.docs.slice(0, FAILURES_READ_LIMIT);
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const reason = String(doc.get('eventData.reason') ?? '(no reason)');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return {
    total: docs.length,
    byReason: [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    truncated: page.size > FAILURES_READ_LIMIT,
  };
}

export async function dataQuality(
  db: Firestore,
  warehouse: AnalyticsReader,
  input: DataQualityInput,
): Promise<DataQualityReport> {
  const [periods, failures] = await Promise.all([
    warehouse.dataQuality(input),
    failuresByReason(db, input.from, input.to),
  ]);
  return { ...input, fields: [...DATA_QUALITY_FIELDS], periods, failures };
}
