// Phases 2 to 6 of the production adapter alone, against the stack's PostgreSQL: for each phase,
// the statements it sends (each one a round trip, counted on the pool's clients) and its median
// time, over fresh rollovers written one after another. Beside them, the same figures this code
// recorded at the commit before the round-trip cuts (warehouse-baseline.json, written with
// `npm run bench:warehouse-phases -- --save-baseline`), so each cut's before and after print
// together. Times across runs are only comparable on a quiet machine; the statement counts are
// exact either way.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { Pool, type PoolClient } from 'pg';
import { PHASES as ALL_PHASES, type Phase } from '@trustrails/contracts';
import { PostgresWarehouse, type RolloverAggregate } from '@trustrails/warehouse';
import { rollover } from '../../packages/warehouse/test/support/rollover-fixture';
import { verify } from '../../functions/src/etl/phases/verify';
import { median } from '../lib/stats';

const BASELINE = join(__dirname, 'warehouse-baseline.json');

/** The phases that write to or read back from the warehouse: every phase but extract (Firestore). */
type PhaseName = Exclude<Phase, 'extract'>;
const PHASES = ALL_PHASES.filter((p): p is PhaseName => p !== 'extract');

export interface PhaseFigures {
  statements: number;
  medianMs: number;
}

interface Recorded {
  commit: string;
  at: string;
  loadAverage: number;
  rollovers: number;
  phases: Record<PhaseName, PhaseFigures>;
}

/** Counts every statement a client of this pool sends, pool.query's included. */
function countStatements(pool: Pool): { take: () => number } {
  let sent = 0;
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      sent += 1;
      return query(...args);
    };
  });
  return {
    take: () => {
      const n = sent;
      sent = 0;
      return n;
    },
  };
}

async function measure(databaseUrl: string, count: number): Promise<Record<PhaseName, PhaseFigures>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const statements = countStatements(pool);
  const warehouse = new PostgresWarehouse({ pool });
  const prefix = `whbench${Date.now().toString(36)}`;
  const run: Record<PhaseName, (r: RolloverAggregate) => Promise<unknown>> = {
    core: (r) => warehouse.writeCore(r),
    chain: (r) => warehouse.writeChain(r),
    status: (r) => warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' }),
    analytics: (r) => warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt),
    verify: (r) => verify(warehouse, r),
  };
  const times = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<PhaseName, number[]>;
  const sent = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<PhaseName, number[]>;
  // Warm the pool's clients first, so no phase pays for a connection.
  await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1')]);
  for (let i = 0; i < count; i += 1) {
    const r = rollover({
      source: `${prefix}-src-${i % 5}`,
      destination: `${prefix}-dst-${i % 5}`,
      amountCents: 10_000 + i,
      completedAt: new Date(),
      durationMs: 3_600_000,
      chain: true,
    });
    for (const phase of PHASES) {
      statements.take();
      const t0 = performance.now();
      await run[phase](r);
      times[phase].push(performance.now() - t0);
      sent[phase].push(statements.take());
    }
  }
  await pool.end();
  return Object.fromEntries(
    PHASES.map((p) => [p, { statements: median(sent[p]), medianMs: median(times[p]) }]),
  ) as Record<PhaseName, PhaseFigures>;
}

function recorded(): Recorded | null {
  // No file: no baseline yet. A file that does not parse is an error, not a missing baseline.
  if (!existsSync(BASELINE)) return null;
  return JSON.parse(readFileSync(BASELINE, 'utf8')) as Recorded;
}

/** Prints each phase's statements and median now, beside the recorded baseline's. */
export async function printWarehousePhases(
  databaseUrl: string,
  count: number,
): Promise<Record<PhaseName, PhaseFigures>> {
  const now = await measure(databaseUrl, count);
  const before = recorded();
  console.log(`\nwarehouse phases alone, ${count} rollovers one after another, against the stack's PostgreSQL:`);
  if (before)
    console.log(
      `  before: recorded at ${before.commit.slice(0, 8)} on ${before.at} (${before.rollovers} rollovers, load ${before.loadAverage.toFixed(1)}); now: load ${loadavg()[0]!.toFixed(1)}`,
    );
  else console.log('  no recorded baseline (bench/etl/warehouse-baseline.json)');
  console.log(
    `  ${'phase'.padEnd(12)} ${'statements before'.padStart(18)} ${'now'.padStart(5)} ${'median ms before'.padStart(17)} ${'now'.padStart(8)}`,
  );
  const cell = (value: number | undefined, width: number, digits = 0) =>
    (value === undefined ? '—' : value.toFixed(digits)).padStart(width);
  for (const phase of PHASES) {
    const was = before?.phases[phase];
    console.log(
      `  ${phase.padEnd(12)} ${cell(was?.statements, 18)} ${cell(now[phase].statements, 5)} ${cell(was?.medianMs, 17, 2)} ${cell(now[phase].medianMs, 8, 2)}`,
    );
  }
  const total = (figures: Record<PhaseName, PhaseFigures>, key: keyof PhaseFigures) =>
    PHASES.reduce((sum, p) => sum + figures[p][key], 0);
  console.log(
    `  ${'phases 2–6'.padEnd(12)} ${cell(before ? total(before.phases, 'statements') : undefined, 18)} ${cell(total(now, 'statements'), 5)} ${cell(before ? total(before.phases, 'medianMs') : undefined, 17, 2)} ${cell(total(now, 'medianMs'), 8, 2)}`,
  );
  return now;
}

/** Records this tree's figures as the baseline the next runs print beside theirs. */
export async function saveWarehouseBaseline(databaseUrl: string, count: number): Promise<void> {
  const phases = await measure(databaseUrl, count);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const record: Recorded = {
    commit,
    at: new Date().toISOString(),
    loadAverage: loadavg()[0]!,
    rollovers: count,
    phases,
  };
  writeFileSync(BASELINE, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`recorded ${BASELINE}: ${JSON.stringify(record)}`);
}
