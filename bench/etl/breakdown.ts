// Where a rollover's time goes, read back from the documents the pipeline wrote, so nothing is
// added to the worker to measure it: the completed event's create time, the run's createdAt
// (stage 1's claim), startedAt (the worker took it), its phase timings and processing time, and
// finishedAt (the transaction that also wrote etl.completed). All on one machine's clock.
import { COLLECTIONS, PHASES } from '@trustrails/contracts';
import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import { median, percentile } from '../lib/stats';

const STAGES = ['stage 1 (write → claimed)', 'queueing (claimed → worker took it)', ...PHASES, 'completion write'];

const ms = (t: Timestamp | undefined) => (t ? t.toMillis() : Number.NaN);

/** Prints the median and p95 of each stage over the given rollovers (their completed event ids alongside). */
export async function printBreakdown(db: Firestore, rollovers: { rolloverId: string; completedEventId: string }[]) {
  const samples = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  const add = (stage: string, value: number) => Number.isFinite(value) && samples.get(stage)!.push(value);
  for (let i = 0; i < rollovers.length; i += 100) {
    const batch = rollovers.slice(i, i + 100);
    const [events, runs] = await Promise.all([
      db.getAll(...batch.map((r) => db.collection(COLLECTIONS.events).doc(r.completedEventId))),
      db.getAll(...batch.map((r) => db.collection(COLLECTIONS.etlRuns).doc(r.rolloverId))),
    ]);
    batch.forEach((_, j) => {
      const written = events[j]!.createTime?.toMillis() ?? Number.NaN;
      const run = runs[j]!;
      const created = ms(run.get('createdAt'));
      const started = ms(run.get('startedAt'));
      const finished = ms(run.get('finishedAt'));
      add(STAGES[0]!, created - written);
      add(STAGES[1]!, started - created);
      const timings = (run.get('phaseTimingsMs') ?? {}) as Record<string, number>;
      for (const phase of PHASES) add(phase, timings[phase] ?? Number.NaN);
      add('completion write', finished - started - (run.get('processingTimeMs') ?? Number.NaN));
    });
  }
  console.log(`\nwhere the time goes, over ${rollovers.length} rollovers (ms):`);
  console.log(`  ${'stage'.padEnd(40)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  for (const [stage, values] of samples)
    console.log(
      `  ${stage.padEnd(40)} ${median(values).toFixed(1).padStart(9)} ${percentile(values, 95).toFixed(1).padStart(9)}`,
    );
}
