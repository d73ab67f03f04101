// GET /dead-letters: the letters, open or resolved (or both), newest recorded first, in pages with
// a cursor (the last letter's id), each with its payload, reason and how it was resolved.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  DEAD_LETTER_STATES,
  OPEN_DEAD_LETTER_STATES,
  type AdminDeadLetter,
  type AdminDeadLettersPage,
} from '@trustrails/contracts';
import { pageOf } from '../paging';
import { lettersOf } from './resolve';

export interface ListLettersInput {
  status?: 'open' | 'resolved';
  pageSize: number;
  pageToken?: string;
}

const iso = (value: unknown): string | null => (value instanceof Timestamp ? value.toDate().toISOString() : null);
const orNull = <T>(value: T | undefined): T | null => value ?? null;

/** A stored letter as the API sends it; letters from before resolution have no resolution fields. */
function toAdminLetter(id: string, d: FirebaseFirestore.DocumentData): AdminDeadLetter {
  return {
    messageId: id,
    rolloverId: orNull(d.rolloverId as string | null),
    eventId: orNull(d.eventId as string | null),
    attempt: orNull(d.attempt as number | null),
    reason: orNull(d.reason as string | null),
    problem: orNull(d.problem as string | null),
    payload: String(d.payload ?? ''),
    status: d.status as AdminDeadLetter['status'],
    publishedAt: iso(d.publishedAt) ?? iso(d.recordedAt) ?? new Date(0).toISOString(),
    recordedAt: iso(d.recordedAt) ?? new Date(0).toISOString(),
    redrivenAt: iso(d.redrivenAt),
    redrivenBy: orNull(d.redrivenBy as string | null),
    resolvedAt: iso(d.resolvedAt),
    resolution: orNull(d.resolution as AdminDeadLetter['resolution']),
    resolvedBy: orNull(d.resolvedBy as AdminDeadLetter['resolvedBy']),
  };
}

export async function listDeadLetters(db: Firestore, input: ListLettersInput): Promise<AdminDeadLettersPage> {
  let query: FirebaseFirestore.Query = lettersOf(db);
  if (input.status === 'open') query = query.where('status', 'in', [...OPEN_DEAD_LETTER_STATES]);
  if (input.status === 'resolved') query = query.where('status', '==', DEAD_LETTER_STATES.RESOLVED);
  const { docs, nextPageToken } = await pageOf(query.orderBy('recordedAt', 'desc'), lettersOf(db), input);
  return { letters: docs.map((doc) => toAdminLetter(doc.id, doc.data())), nextPageToken };
}
