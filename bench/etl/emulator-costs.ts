// What single Firestore operations cost on this emulator, as the run left it: extract's query by
// collection size, and each of the run bookkeeping's cuts (the claim's create(), one getAll per
// transaction) beside what it replaced. They explain the gap between ours and the floor without
// instrumenting either pipeline.
import type { Firestore } from 'firebase-admin/firestore';
import { uniqueId } from '../../tests/support/firebase';
import { writeLifecycle, type Rollover } from '../../tests/support/rollover';
import { median, percentile } from '../lib/stats';
import { FLOOR_EVENTS } from './floor/src/names';

const row = (label: string, values: number[], extra = '') =>
  console.log(
    `  ${label.padEnd(40)} ${extra.padStart(9)} ${median(values).toFixed(1).padStart(9)} ${percentile(values, 95).toFixed(1).padStart(9)}`,
  );

async function timed(repeats: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const t0 = performance.now();
    await op(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * Extract's query (one rolloverId, about 8 matches) timed from here, on each collection as the run
 * left it and on a fresh one holding a single rollover: if the emulator scans instead of using an
 * index, the time grows with the collection, for ours and the floor alike.
 */
export async function printQueryCost(
  store: Firestore,
  probes: { ours: Rollover; floor: Rollover },
  repeats = 20,
): Promise<void> {
  const small = `queryProbe-${uniqueId('c')}`;
  const probe = probes.floor;
  await writeLifecycle(probe, 'all', { db: store, collection: small });
  const idOf = (l: Rollover) => l.rolloverId;
  console.log(`\nextract's query (rolloverId ==, one rollover's events), ${repeats} times each (ms):`);
  console.log(`  ${'collection'.padEnd(40)} ${'docs'.padStart(9)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  const targets = [
    { name: 'events', rolloverId: idOf(probes.ours) },
    { name: FLOOR_EVENTS, rolloverId: idOf(probes.floor) },
    { name: small, rolloverId: idOf(probes.floor) },
  ].map((p) => ({ ...p, col: store.collection(p.name), times: [] as number[] }));
  // Round robin, so that a slow moment of the emulator (a collection, other work) hits all three.
  for (let i = 0; i < repeats; i += 1)
    for (const p of targets)
      p.times.push(...(await timed(1, () => p.col.where('rolloverId', '==', p.rolloverId).get())));
  for (const p of targets)
    row(p.name === small ? 'a fresh collection' : p.name, p.times, String((await p.col.count().get()).data().count));
}

/**
 * The hot path's Firestore cuts, each beside what it replaced, timed in this run: stage 1 claims a
 * new run with a create() where it used a transaction (get, then create); stages 2 and 3 read what
 * their transactions need with one getAll where they used a get each (in a transaction the first
 * read begins it, so a second waits for its reply even when started in parallel).
 */
export async function printWriteCost(store: Firestore, repeats = 20): Promise<void> {
  const col = store.collection(`writeProbe-${uniqueId('c')}`);
  const doc = { status: 'PENDING', createdAt: new Date(), attempt: 1 };
  const other = store.doc(`${col.path}/other`);
  await other.set({ paused: false });
  console.log(`
the hot path's Firestore cuts, before and after, ${repeats} times each (ms):`);
  console.log(`  ${'operation'.padEnd(40)} ${''.padStart(9)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  const claimBefore: number[] = [];
  const claimAfter: number[] = [];
  const readsBefore: number[] = [];
  const readsAfter: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    claimBefore.push(
      ...(await timed(1, () =>
        store.runTransaction(async (tx) => {
          const ref = col.doc(`tx-${i}`);
          if (!(await tx.get(ref)).exists) tx.create(ref, doc);
        }),
      )),
    );
    claimAfter.push(...(await timed(1, () => col.doc(`plain-${i}`).create(doc))));
    readsBefore.push(
      ...(await timed(1, () =>
        store.runTransaction(async (tx) => {
          const ref = col.doc(`tx-${i}`);
          await Promise.all([tx.get(ref), tx.get(other)]);
          tx.update(ref, { attempt: 2 });
        }),
      )),
    );
    readsAfter.push(
      ...(await timed(1, () =>
        store.runTransaction(async (tx) => {
          const ref = col.doc(`plain-${i}`);
          await tx.getAll(ref, other);
          tx.update(ref, { attempt: 2 });
        }),
      )),
    );
  }
  row('claim before: transaction, get then create', claimBefore);
  row('claim after: create()', claimAfter);
  row('take/finish before: transaction, 2 gets', readsBefore);
  row('take/finish after: transaction, 1 getAll', readsAfter);
}
