// One rollover for a test or a bench: built from the few fields the case cares about, and written
// to Firestore the one way the platform writes a lifecycle. Every other field gets a default, so a
// test's call names only what it checks.
import type { Firestore } from 'firebase-admin/firestore';
import { lifecycle, writeEvents, type EventDoc, type LifecycleOptions } from './lifecycle';
import { waitForCompletion } from './etl';
import { db, uniqueId } from './firebase';

export interface RolloverOverrides extends Partial<LifecycleOptions> {
  /** Starts the generated ids: `${prefix}-…` for the rollover, `${prefix}-src-…` and `-dst-…` for its custodians. */
  prefix?: string;
  /** From rollover.initiated to rollover.completed, when initiatedAt is not given. */
  durationMs?: number;
}

export interface Rollover extends Required<Omit<LifecycleOptions, 'chain' | 'burn'>> {
  /** Every event but rollover.completed, oldest first. */
  before: EventDoc[];
  completed: EventDoc;
  /** The whole lifecycle, initiated → … → completed. */
  events: EventDoc[];
}

const DEFAULT_DURATION_MS = 60_000;
const DEFAULT_AMOUNT_CENTS = 1_000;

/** A rollover completed now, a minute after it was initiated, between two custodians of its own. */
export function rollover(overrides: RolloverOverrides = {}): Rollover {
  const { prefix = 'rollover', durationMs = DEFAULT_DURATION_MS, ...given } = overrides;
  const rolloverId = given.rolloverId ?? uniqueId(prefix);
  const completedAt = given.completedAt ?? new Date();
  const options = {
    rolloverId,
    transferId: `tr-${rolloverId}`,
    sourceCustodianId: given.sourceCustodianId ?? uniqueId(`${prefix}-src`),
    destinationCustodianId: given.destinationCustodianId ?? uniqueId(`${prefix}-dst`),
    amountCents: DEFAULT_AMOUNT_CENTS,
    initiatedAt: new Date(completedAt.getTime() - durationMs),
    ...given,
    completedAt,
  };
  const { before, completed } = lifecycle(options);
  return { ...options, before, completed, events: [...before, completed] };
}

/**
 * Which of a rollover's events reach Firestore. A case with a broken lifecycle names what it leaves
 * out, so the test says what it checks.
 */
export type LifecyclePart =
  /** initiated → … → completed */
  | 'all'
  /** Everything but rollover.completed: no run starts until the completion is written. */
  | 'before-completion'
  /**
   * rollover.completed alone: after 'before-completion' it ends the lifecycle; on its own, extract
   * finds no rollover.initiated and the run fails for good.
   */
  | 'completion-only'
  /** Every event but rollover.initiated: the run fails until rollover.initiated is written. */
  | 'without-initiated';

const PARTS: Record<LifecyclePart, (r: Rollover) => EventDoc[]> = {
  all: (r) => r.events,
  'before-completion': (r) => r.before,
  'completion-only': (r) => [r.completed],
  'without-initiated': (r) => [...r.before.slice(1), r.completed],
};

/** Writes one or more rollovers' events in one batch (at most 500 writes), into `events` unless told. */
export async function writeLifecycle(
  rollovers: Rollover | Rollover[],
  part: LifecyclePart = 'all',
  options: { db?: Firestore; collection?: string } = {},
): Promise<void> {
  const events = [rollovers].flat().flatMap(PARTS[part]);
  await writeEvents(options.db ?? db(), events, options.collection);
}

/** Builds a rollover, writes its whole lifecycle and waits for the ETL's etl.completed. */
export async function completeRollover(
  overrides: RolloverOverrides = {},
  timeoutMs?: number,
): Promise<Rollover & { completion: Awaited<ReturnType<typeof waitForCompletion>> }> {
  const r = rollover(overrides);
  await writeLifecycle(r);
  const completion = await waitForCompletion(r.rolloverId, timeoutMs);
  return { ...r, completion };
}
