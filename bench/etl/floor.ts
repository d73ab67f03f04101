// bench:etl's floor: the same rollovers through bench/etl/floor (trigger, publish, worker running
// extract's query, etl-completed document; no warehouse, no run bookkeeping), in the same run, and
// ours beside it as a ratio. The floor reads and writes `floorEvents`, so neither pipeline sees the
// other's rollovers; both collections hold the same documents when each pipeline is measured.
import { etlCompletedEventId } from '@trustrails/contracts';
import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../../tests/support/firebase';
import { feedRollovers } from '../../tests/support/feed';
import { writeLifecycle, type Rollover } from '../../tests/support/rollover';
import { median, percentile, report } from '../lib/stats';
import { FLOOR_EVENTS } from './floor/src/names';
import { benchRollover, whenExists } from './rollovers';

export interface FloorSample {
  total: number;
  rollover: Rollover;
}

/** Completed write → the floor's etl-completed document, as ours is timed. */
export async function timeFloorOne(custodians: [string, string]): Promise<FloorSample> {
  const l = benchRollover('floor', custodians[0], custodians[1], 1_000_00);
  await writeLifecycle(l, 'before-completion', { collection: FLOOR_EVENTS });
  const rolloverId = l.rolloverId;
  const done = whenExists(db().collection(FLOOR_EVENTS).doc(etlCompletedEventId(rolloverId)));
  const t0 = performance.now();
  await writeLifecycle(l, 'completion-only', { collection: FLOOR_EVENTS });
  return { total: (await done) - t0, rollover: l };
}

export interface BurstTotals {
  completed: number;
  ms: number;
}

/**
 * Both bursts in halves, floor-ours-ours-floor, each pipeline's completions and time summed: load
 * from elsewhere on a shared machine drifts over minutes, and this order gives both the same
 * average share of it (one burst after the other once measured the floor at 2.2× ours, and the
 * run before at 1.1×, as other work started and stopped).
 */
export async function abbaBursts(
  ours: Rollover[],
  floor: Rollover[],
  options: { window: number; timeoutMs: number },
): Promise<{ ours: BurstTotals; floor: BurstTotals }> {
  const half = (list: Rollover[]) => [
    list.slice(0, Math.ceil(list.length / 2)),
    list.slice(Math.ceil(list.length / 2)),
  ];
  const [ours1, ours2] = half(ours);
  const [floor1, floor2] = half(floor);
  const feed = async (name: string, rollovers: Rollover[], collection?: string) => {
    console.log(`${name}: ${rollovers.length} rollovers, at most ${options.window} in flight`);
    return feedRollovers(db(), rollovers, {
      ...options,
      collection,
      onProgress: (n) => console.log(`${name}: ${n}/${rollovers.length} completed`),
    });
  };
  const results = {
    floor: [await feed('floor burst, first half', floor1!, FLOOR_EVENTS)],
    ours: [await feed('our burst, first half', ours1!)],
  };
  results.ours.push(await feed('our burst, second half', ours2!));
  results.floor.push(await feed('floor burst, second half', floor2!, FLOOR_EVENTS));
  const sum = (r: { completed: number; ms: number }[]) => ({
    completed: r.reduce((n, x) => n + x.completed, 0),
    ms: r.reduce((n, x) => n + x.ms, 0),
  });
  return { ours: sum(results.ours), floor: sum(results.floor) };
}

/** Where the floor's time goes: all of it, and extract's query alone (timed inside the worker). */
export async function printFloorBreakdown(store: Firestore, rollovers: Rollover[]): Promise<void> {
  const total: number[] = [];
  const query: number[] = [];
  for (let i = 0; i < rollovers.length; i += 100) {
    const batch = rollovers.slice(i, i + 100);
    const col = store.collection(FLOOR_EVENTS);
    const [written, completions] = await Promise.all([
      store.getAll(...batch.map((l) => col.doc(l.completed.id))),
      store.getAll(...batch.map((l) => col.doc(etlCompletedEventId(l.completed.data.rolloverId as string)))),
    ]);
    batch.forEach((_, j) => {
      const end = completions[j]!.createTime?.toMillis();
      const start = written[j]!.createTime?.toMillis();
      if (end !== undefined && start !== undefined) total.push(end - start);
      const extract = completions[j]!.get('eventData.phaseTimingsMs.extract');
      if (typeof extract === 'number') query.push(extract);
    });
  }
  console.log(`\nfloor: where the time goes, over ${rollovers.length} rollovers (ms):`);
  console.log(`  ${'stage'.padEnd(40)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  for (const [stage, values] of [
    ['extract query (in the worker)', query],
    ['completed write → etl-completed created', total],
  ] as const)
    console.log(
      `  ${stage.padEnd(40)} ${median(values).toFixed(1).padStart(9)} ${percentile(values, 95).toFixed(1).padStart(9)}`,
    );
}

/** Single-rollover latency against the goal: our median within the floor's + 50 ms. */
export function compareLatency(ours: number[], floor: number[]): boolean {
  report('floor single rollover: write → etl-completed, median', median(floor), 'ms', null);
  report('floor single rollover: write → etl-completed, p95', percentile(floor, 95), 'ms', null);
  report('single rollover: ours / floor, median', median(ours) / median(floor), '×', null);
  return report('single rollover: ours − floor, median', median(ours) - median(floor), 'ms', { op: '<=', value: 50 });
}

/** Burst throughput against the goal: ours at least 0.8 × the floor's. */
export function compareThroughput(ours: number, floor: number): boolean {
  report('floor burst throughput', floor, '/min', null);
  return report('burst throughput: ours / floor', ours / floor, '×', { op: '>=', value: 0.8 });
}
