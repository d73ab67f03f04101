// GET /audit and GET /runs/:id/audit: the trail, newest first, in pages with a cursor (the last
// entry's id); a run's trail is the entries that named it.
import { Timestamp, type Firestore, type Query } from 'firebase-admin/firestore';
import { COLLECTIONS, type AdminAuditEntry, type AdminAuditPage } from '@trustrails/contracts';
import { pageOf } from '../paging';

export interface ListAuditInput {
  rolloverId?: string;
  pageSize: number;
  pageToken?: string;
}

const iso = (value: unknown): string | null => (value instanceof Timestamp ? value.toDate().toISOString() : null);

function toAdminEntry(id: string, d: FirebaseFirestore.DocumentData): AdminAuditEntry {
  return {
    id,
    source: d.source as AdminAuditEntry['source'],
    action: String(d.action),
    uid: String(d.uid),
    email: (d.email as string | null) ?? null,
    rolloverId: (d.rolloverId as string | null) ?? null,
    target: String(d.target ?? ''),
    args: String(d.args ?? '{}'),
    outcome: (d.outcome as AdminAuditEntry['outcome']) ?? null,
    // A just-created entry read back before its server timestamp resolves has none yet.
    at: iso(d.at) ?? new Date().toISOString(),
    endedAt: iso(d.endedAt),
  };
}

export async function listAudit(db: Firestore, input: ListAuditInput): Promise<AdminAuditPage> {
  const trail = db.collection(COLLECTIONS.etlAudit);
  // A builder the way deploy:check's index step reads queries (it checks this one has its index).
  let query: Query = db.collection(COLLECTIONS.etlAudit);
  if (input.rolloverId) query = query.where('rolloverId', '==', input.rolloverId);
  query = query.orderBy('at', 'desc');
  const { docs, nextPageToken } = await pageOf(query, trail, input);
  return { entries: docs.map((doc) => toAdminEntry(doc.id, doc.data())), nextPageToken };
}
