// bench:backfill's writer, run as a child process so the figures' process holds none of what it
// wrote: `seed.ts <projectId> runs|events <count>` writes, with batched Admin SDK writes, bulk runs
// waiting for a slot as a backfill's claim leaves them, or rollover.completed events as the
// platform writes them.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, LANES } from '@trustrails/contracts';
import { newRunDoc } from '../../functions/src/etl/run-state';
import { rollover } from '../../tests/support/rollover';

export const JOB_RANGE = { from: new Date('2025-01-01T00:00:00Z'), spanMs: 180 * 86_400_000 };

/** A bulk run waiting for a slot, as claimRun writes it for a backfill, queued `i` ms after `at`. */
const waitingRun = (rolloverId: string, at: number, i: number) =>
  newRunDoc(rolloverId, `${rolloverId}-completed`, LANES.BULK, Timestamp.fromMillis(at + i));

function completion(i: number, count: number) {
  const completedAt = new Date(JOB_RANGE.from.getTime() + Math.floor((i / count) * JOB_RANGE.spanMs));
  const ends = { sourceCustodianId: `bench-c${i % 20}`, destinationCustodianId: `bench-c${(i * 7 + 3) % 20}` };
  return rollover({ rolloverId: `bench-bf-${i}`, ...ends, amountCents: 10_000 + i, completedAt, durationMs: 3_600_000 })
    .completed;
}

async function writeAll(db: Firestore, count: number, doc: (i: number) => { path: string; data: object }) {
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 500) {
    const batch = db.batch();
    for (let j = i; j < Math.min(count, i + 500); j += 1) {
      const { path, data } = doc(j);
      batch.set(db.doc(path), data);
    }
    batches.push(batch.commit());
    // Four batches in flight: the emulator takes them no faster with more.
    if (batches.length >= 4) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
}

async function main() {
  const [projectId, kind, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  const db = getFirestore(initializeApp({ projectId: projectId! }));
  const t0 = performance.now();
  const at = Date.now() - 3_600_000;
  if (kind === 'runs')
    await writeAll(db, count, (i) => ({
      path: `${COLLECTIONS.etlRuns}/bench-wait-${i}`,
      data: waitingRun(`bench-wait-${i}`, at, i),
    }));
  else if (kind === 'events')
    await writeAll(db, count, (i) => {
      const { id, data } = completion(i, count);
      return { path: `${COLLECTIONS.events}/${id}`, data };
    });
  else throw new Error(`usage: seed.ts <projectId> runs|events <count>`);
  console.log(`seeded ${count} ${kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
