// The etlRuns collection, typed: every read goes through the contracts' EtlRunDoc schema, so a
// malformed run document fails loudly (naming the field) instead of flowing on as `any`.
import type {
  DocumentReference,
  Firestore,
  FirestoreDataConverter,
  QueryDocumentSnapshot,
  WithFieldValue,
} from 'firebase-admin/firestore';
import { COLLECTIONS, EtlRunDoc, RUN_STATES, isInFlight, type RunState } from '@trustrails/contracts';

export const CONTROL_DOC = `${COLLECTIONS.etlControl}/state`;

const converter: FirestoreDataConverter<EtlRunDoc, EtlRunDoc> = {
  toFirestore: (run: WithFieldValue<EtlRunDoc>) => run,
  fromFirestore: (snapshot: QueryDocumentSnapshot) => EtlRunDoc.parse(snapshot.data()),
};

export const runsOf = (db: Firestore) => db.collection(COLLECTIONS.etlRuns).withConverter(converter);
export const runRef = (db: Firestore, rolloverId: string): DocumentReference<EtlRunDoc, EtlRunDoc> =>
  runsOf(db).doc(rolloverId);

/** Runs one query of the sweeper or resume reads at most: the backlog is read a page per sweep. */
export const SWEEP_PAGE = 500;

/**
 * PENDING runs whose message has been sent: every live run, and bulk runs holding a slot. Runs
 * written before lanes existed have no `dispatched` field and are not found here (docs/run-states.md).
 */
export const dispatchedPending = (db: Firestore) =>
  runsOf(db).where('status', '==', RUN_STATES.PENDING).where('dispatched', '==', true);

/**
 * The fencing token a worker carries: the claim generation and the attempt it took the run with.
 * Attempts only grow, so once another worker takes the run, every older token is stale for good.
 */
export interface Fence {
  claim: number;
  attempt: number;
}

/** Still the run's current holder: same claim and attempt, and the run is not settled. */
export function holds(run: EtlRunDoc | undefined, fence: Fence): run is EtlRunDoc {
  return run !== undefined && run.claim === fence.claim && run.attempt === fence.attempt && isInFlight(run.status);
}

/** Why a write was refused, for the log line a stale worker leaves. */
export const holderOf = (run: EtlRunDoc | undefined): { status: RunState | 'MISSING'; attempt: number | null } =>
  run ? { status: run.status, attempt: run.attempt } : { status: 'MISSING', attempt: null };
