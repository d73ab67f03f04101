// The rollovers bench:etl feeds to both pipelines (ours and the floor), and the listener it times them with.
import type { DocumentReference } from 'firebase-admin/firestore';
import { uniqueId } from '../../tests/support/firebase';
import { rollover } from '../../tests/support/rollover';

const CUSTODIANS = 20;

/** Resolves when the document first exists (listener, not polling), with the time it was seen. */
export function whenExists(
  ref: DocumentReference,
  predicate: (data: FirebaseFirestore.DocumentData) => boolean = () => true,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const stop = ref.onSnapshot((snap) => {
      if (snap.exists && predicate(snap.data()!)) {
        stop();
        resolve(performance.now());
      }
    }, reject);
  });
}

/** One of the bench's rollovers: an hour long, completed `at`. */
export function benchRollover(
  prefix: string,
  source: string,
  destination: string,
  amountCents: number,
  at = new Date(),
) {
  const ends = { sourceCustodianId: source, destinationCustodianId: destination };
  return rollover({ prefix, ...ends, amountCents, completedAt: at, durationMs: 3_600_000 });
}

/** `count` rollovers over 20 custodians, and what each custodian's monthly summary must then say. */
export function burstRollovers(prefix: string, count: number) {
  const custodians = Array.from({ length: CUSTODIANS }, (_, i) => uniqueId(`${prefix}-c${i}`));
  const expected = new Map<string, { count: number; volume: number }>();
  const all = Array.from({ length: count }, (_, i) => {
    const source = custodians[i % CUSTODIANS]!;
    const destination = custodians[(i * 7 + 3) % CUSTODIANS]!;
    const amount = 10_000 + ((i * 7919) % 500_000);
    for (const c of new Set([source, destination])) {
      const e = expected.get(c) ?? { count: 0, volume: 0 };
      expected.set(c, { count: e.count + 1, volume: e.volume + amount });
    }
    return benchRollover(prefix, source, destination, amount);
  });
  return { all, expected };
}
