// `npm run bench:etl`: ETL latency and throughput on the emulator stack, each figure printed
// beside its target, and beside the floor (bench/etl/floor.ts): the least any pipeline on these
// emulators takes, measured in the same run. Run through scripts/stack/exec.ts --etl-floor, which
// starts the stack with the floor's functions deployed beside ours.
import { createWarehouse } from '@trustrails/warehouse';
import { COLLECTIONS, etlCompletedEventId } from '@trustrails/contracts';
import { db, uniqueId } from '../../tests/support/firebase';
import { writeLifecycle } from '../../tests/support/rollover';
import { median, percentile, report } from '../lib/stats';
import { printBreakdown } from './breakdown';
import {
  compareLatency,
  compareThroughput,
  abbaBursts,
  printFloorBreakdown,
  timeFloorOne,
  type BurstTotals,
  type FloorSample,
} from './floor';
import { printQueryCost, printWriteCost } from './emulator-costs';
import { benchRollover, burstRollovers, whenExists } from './rollovers';
import { priorityLane } from './priority-lane';
import { printWarehousePhases } from './warehouse-phases';
import { etlBenchSettings, warehousePhasesBenchSettings } from '../settings';

const SETTINGS = etlBenchSettings();
const WAREHOUSE_PHASES = warehousePhasesBenchSettings();
const { samples: SAMPLES, burst: BURST, burstWindow: WINDOW, burstTimeoutMs: BURST_TIMEOUT_MS } = SETTINGS;

interface Sample {
  claimed: number;
  picked: number;
  total: number;
  rolloverId: string;
  completedEventId: string;
}

async function timeOne(custodians: [string, string]): Promise<Sample> {
  const l = benchRollover('bench', custodians[0], custodians[1], 1_000_00);
  await writeLifecycle(l, 'before-completion');
  const rolloverId = l.rolloverId;
  const run = db().collection(COLLECTIONS.etlRuns).doc(rolloverId);
  const claimed = whenExists(run);
  // Stage 1 publishes right after its claim commits; the worker taking the run proves the message went out.
  const picked = whenExists(run, (d) => d.status !== 'PENDING');
  const done = whenExists(db().collection(COLLECTIONS.events).doc(etlCompletedEventId(rolloverId)));
  const t0 = performance.now();
  await writeLifecycle(l, 'completion-only');
  const [t1, t2, t3] = await Promise.all([claimed, picked, done]);
  return { claimed: t1 - t0, picked: t2 - t0, total: t3 - t0, rolloverId, completedEventId: l.completed.id };
}

/** Our burst's figures: throughput against its target, the breakdown, and the analytics it left. */
async function checkBurst(
  { all, expected }: ReturnType<typeof burstRollovers>,
  { completed: seen, ms }: BurstTotals,
): Promise<{ ok: boolean; perMinute: number }> {
  const perMinute = seen / (ms / 60_000);
  await printBreakdown(
    db(),
    all.map((l) => ({ rolloverId: l.completed.data.rolloverId as string, completedEventId: l.completed.id })),
  );
  const ok1 = report(`burst of ${BURST}, in two halves: throughput (${seen} completed)`, perMinute, '/min', {
    op: '>=',
    value: 1000,
  });

  const warehouse = createWarehouse({ adapter: 'postgres', databaseUrl: SETTINGS.databaseUrl });
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
  return { ok: ok1 && ok2 && seen === BURST, perMinute };
}

async function main() {
  const pair: [string, string] = [uniqueId('lat-src'), uniqueId('lat-dst')];
  console.log('warming up (cold function workers, ours and the floor)…');
  for (let i = 0; i < 3; i += 1) {
    await timeOne(pair);
    await timeFloorOne(pair);
  }

  // Ours and the floor alternate, so load from elsewhere on the machine falls on both alike.
  const samples: Sample[] = [];
  const floorSamples: FloorSample[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    samples.push(await timeOne(pair));
    floorSamples.push(await timeFloorOne(pair));
  }
  const total = samples.map((s) => s.total);
  console.log(`\nwarm samples: ${SAMPLES} each, ours and the floor alternating`);
  const results = [
    report('stage 1: event write → run PENDING (claimed), median', median(samples.map((s) => s.claimed)), 'ms', {
      op: '<=',
      value: 100,
    }),
    report(
      'stage 1+2: event write → published, taken by worker, median',
      median(samples.map((s) => s.picked)),
      'ms',
      null,
    ),
    report('single rollover: completed write → etl.completed, median', median(total), 'ms', { op: '<=', value: 1000 }),
    report('single rollover: completed write → etl.completed, p95', percentile(total, 95), 'ms', null),
    compareLatency(
      total,
      floorSamples.map((s) => s.total),
    ),
  ];
  await printBreakdown(db(), samples);
  await printFloorBreakdown(
    db(),
    floorSamples.map((s) => s.rollover),
  );

  const ourSet = burstRollovers('burst', BURST);
  const floorSet = burstRollovers('floor-burst', BURST);
  console.log(
    `\nbursts: ${BURST} rollovers each, at most ${WINDOW} in flight (the emulator starts a process per concurrent invocation)`,
  );
  const fed = await abbaBursts(ourSet.all, floorSet.all, { window: WINDOW, timeoutMs: BURST_TIMEOUT_MS });
  await printFloorBreakdown(db(), floorSet.all);
  const ours = await checkBurst(ourSet, fed.ours);
  results.push(ours.ok, compareThroughput(ours.perMinute, fed.floor.completed / (fed.floor.ms / 60_000)));
  await printQueryCost(db(), { ours: ourSet.all[0]!, floor: floorSet.all[0]! });
  await printWriteCost(db());
  await printWarehousePhases(WAREHOUSE_PHASES.databaseUrl, WAREHOUSE_PHASES.rollovers);
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
