// One page of a Firestore query for the admin API's lists (runs, dead letters, the audit trail):
// the documents after the one `pageToken` names, in the query's order, and the next page's token
// (the last document's id; null on the last page). A token whose document is gone starts over.
import type { CollectionReference, DocumentData, Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';

export interface PageInput {
  pageSize: number;
  pageToken?: string | undefined;
}

export async function pageOf<T, D extends DocumentData>(
  query: Query<T, D>,
  collection: CollectionReference<T, D>,
  input: PageInput,
): Promise<{ docs: QueryDocumentSnapshot<T, D>[]; nextPageToken: string | null }> {
  let paged = query;
  if (input.pageToken) {
    const cursor = await collection.doc(input.pageToken).get();
    if (cursor.exists) paged = paged.startAfter(cursor);
  }
  // One more than the page: whether there is a next page, without a second query.
  const page = await paged.limit(input.pageSize + 1).get();
  const docs = page.docs.slice(0, input.pageSize);
  return { docs, nextPageToken: page.size > input.pageSize ? docs.at(-1)!.id : null };
}
