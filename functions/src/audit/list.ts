// GET /audit and GET /runs/:id/audit: the trail, newest first, in pages with a cursor (the last
// entry's id); a run's trail is the entries that named it.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { AUDIT_COLLECTION, type AdminAuditEntry, type AdminAuditPage } from '@trustrails/contracts';

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
  const trail = db.collection(AUDIT_COLLECTION);
  let query: FirebaseFirestore.Query = input.rolloverId ? trail.where('rolloverId', '==', input.rolloverId) : trail;
  query = query.orderBy('at', 'desc');
  if (input.pageToken) {
    const cursor = await trail.doc(input.pageToken).get();
    if (cursor.exists) query = query.startAfter(cursor);
  }
  const page = await query.limit(input.pageSize + 1).get();
  const docs = page.docs.slice(0, input.pageSize);
  return {
    entries: docs.map((doc) => toAdminEntry(doc.id, doc.data())),
    nextPageToken: page.size > input.pageSize ? docs.at(-1)!.id : null,
  };
}
