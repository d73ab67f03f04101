// The expiry a document gets when it becomes expirable (docs/retention.md): its EXPIRE_AT field,
// which the TTL policies in firestore.indexes.json act on. Written by the code that moves the
// document into that state, in the same write, and removed by the code that moves it out again.
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { EXPIRE_AT } from '@trustrails/contracts';
import { retentionDays } from './config';

export type Expirable = keyof typeof retentionDays;

const DAY_MS = 86_400_000;

/** The field that lets Firestore delete the document `retentionDays[kind]` days from `now`. */
export const expiresAfter = (kind: Expirable, now = Date.now()) => ({
  [EXPIRE_AT]: Timestamp.fromMillis(now + retentionDays[kind] * DAY_MS),
});

/** Removes the expiry: the document left its expirable state (a re-opened run). */
export const keptAgain = () => ({ [EXPIRE_AT]: FieldValue.delete() });
