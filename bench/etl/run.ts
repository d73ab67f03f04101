// `npm run bench:etl`: ETL latency and throughput on the emulator stack, each figure printed
// beside its target. Run through scripts/stack/exec.ts, which starts the stack first.
import { createWarehouse } from '@trustrails/warehouse';
import { etlCompletedEventId } from '@trustrails/contracts';
import type { DocumentReference } from 'firebase-admin/firestore';
import { db, uniqueId } from '../../tests/support/firebase';
import { feedRollovers } from '../../tests/support/feed';
import { lifecycle, writeEvents } from '../../tests/support/lifecycle';
import { median, percentile, report } from '../lib/stats';
import { printBreakdown } from './breakdown';
import { priorityLane } from './priority-lane';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 500);
const CUSTODIANS = 20;
const WINDOW = Number(process.env.BENCH_BURST_WINDOW ?? 100);

/** Resolves when the document first exists (listener, not polling), with the time it was seen. */
function whenExists(
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

function rollover(prefix: string, source: string, destination: string, amountCents: number, at = new Date()) {
  return lifecycle({
    rolloverId: uniqueId(prefix),
    sourceCustodianId: source,
    destinationCustodianId: destination,
    amountCents,
    initiatedAt: new Date(at.getTime() - 3_600_000),
    completedAt: at,
  });
}

interface Sample {
  claimed: number;
  picked: number;
  total: number;
  rolloverId: string;
  completedEventId: string;
}

async function timeOne(custodians: [string, string]): Promise<Sample> {
  const l = rollover('bench', custodians[0], custodians[1], 1_000_00);
  await writeEvents(db(), l.before);
  const rolloverId = l.completed.data.rolloverId as string;
  const run = db().collection('etlRuns').doc(rolloverId);
  const claimed = whenExists(run);
  // Stage 1 publishes right after its claim commits; the worker taking the run proves the message went out.
  const picked = whenExists(run, (d) => d.status !== 'PENDING');
  const done = whenExists(db().collection('events').doc(etlCompletedEventId(rolloverId)));
  const t0 = performance.now();
  await writeEvents(db(), [l.completed]);
  const [t1, t2, t3] = await Promise.all([claimed, picked, done]);
  return { claimed: t1 - t0, picked: t2 - t0, total: t3 - t0, rolloverId, completedEventId: l.completed.id };
}

async function burst(): Promise<boolean> {
  const custodians = Array.from({ length: CUSTODIANS }, (_, i) => uniqueId(`burst-c${i}`));
  const expected = new Map<string, { count: number; volume: number }>();
  const all = Array.from({ length: BURST }, (_, i) => {
    const source = custodians[i % CUSTODIANS]!;
    const destination = custodians[(i * 7 + 3) % CUSTODIANS]!;
    const amount = 10_000 + ((i * 7919) % 500_000);
    for (const c of new Set([source, destination])) {
      const e = expected.get(c) ?? { count: 0, volume: 0 };
      expected.set(c, { count: e.count + 1, volume: e.volume + amount });
    }
    return rollover('burst', source, destination, amount);
  });
  console.log(
    `burst: ${BURST} rollovers, at most ${WINDOW} in flight (the emulator starts a process per concurrent invocation)`,
  );
  const { completed: seen, ms } = await feedRollovers(db(), all, {
    window: WINDOW,
    timeoutMs: Number(process.env.BENCH_BURST_TIMEOUT_MS ?? 900_000),
    onProgress: (n) => console.log(`burst: ${n}/${BURST} etl.completed`),
  });
  const minutes = ms / 60_000;
  await printBreakdown(
    db(),
    all.map((l) => ({ rolloverId: l.completed.data.rolloverId as string, completedEventId: l.completed.id })),
  );
  const ok1 = report(`burst of ${BURST}: throughput (${seen} completed)`, seen / minutes, '/min', {
    op: '>=',
    value: 1000,
  });

  const warehouse = createWarehouse({ adapter: 'postgres', databaseUrl: process.env.DATABASE_URL! });
  const month = new Date().toISOString().slice(0, 7);
  let exact = 0;
  for (const [custodian, want] of expected) {
    const got = await warehouse.getMonthlySummary(custodian, month);
    if (got.completedCount === want.count && got.volumeCents === want.volume) exact += 1;
    else
      console.log(
        `  analytics mismatch for ${custodian}: want ${JSON.stringify(want)}, got ${got.completedCount}/${got.volumeCents}`,
      );
  }
  await warehouse.close();
  const ok2 = report('burst: custodians with exact monthly analytics', exact, `/${expected.size}`, {
    op: '>=',
    value: expected.size,
  });
  return ok1 && ok2 && seen === BURST;
}

async function main() {
  const pair: [string, string] = [uniqueId('lat-src'), uniqueId('lat-dst')];
  console.log('warming up (cold function workers)…');
  for (let i = 0; i < 3; i += 1) await timeOne(pair);
  const claimed: number[] = [];
  const picked: number[] = [];
  const total: number[] = [];
  const samples: Sample[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const sample = await timeOne(pair);
    samples.push(sample);
    claimed.push(sample.claimed);
    picked.push(sample.picked);
    total.push(sample.total);
  }
  console.log(`\nwarm samples: ${SAMPLES}`);
  const results = [
    report('stage 1: event write → run PENDING (claimed), median', median(claimed), 'ms', { op: '<=', value: 100 }),
    report('stage 1+2: event write → published, taken by worker, median', median(picked), 'ms', null),
    report('single rollover: completed write → etl.completed, median', median(total), 'ms', { op: '<=', value: 1000 }),
    report('single rollover: completed write → etl.completed, p95', percentile(total, 95), 'ms', null),
  ];
  await printBreakdown(db(), samples);
  console.log('');
  results.push(await burst());
  results.push(await priorityLane(median(total)));
  console.log(`\n${results.filter(Boolean).length}/${results.length} figures within target`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
