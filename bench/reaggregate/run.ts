// `npm run bench:reaggregate`: rebuild the weekly, monthly, quarterly and yearly windows of 50
// custodians over 100,000 completed transfers on the embedded PostgreSQL; then once more, to show
// the cost of an idempotent re-run; then the scheduled path (every window of each custodian's
// history, daily included) and its resumption from the watermarks. Prints each figure beside its target.
import { Pool } from 'pg';
import { PostgresWarehouse } from '@trustrails/warehouse';
import { seedTransfers } from '../lib/seed-transfers';
import { report } from '../lib/stats';
import { reaggregateBenchSettings } from '../settings';

const SETTINGS = reaggregateBenchSettings();
const { transfers: TRANSFERS, custodians: CUSTODIANS } = SETTINGS;
const GRANULARITIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;

async function seed(pool: Pool, prefix: string, now: Date): Promise<void> {
  const t0 = performance.now();
  await seedTransfers(pool, prefix, now, { transfers: TRANSFERS, custodians: CUSTODIANS });
  console.log(
    `seeded ${TRANSFERS} transfers across ${CUSTODIANS} custodians in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function main() {
  const pool = new Pool({ connectionString: SETTINGS.databaseUrl, max: 4 });
  const warehouse = new PostgresWarehouse({ pool });
  const prefix = `bench${Date.now().toString(36)}`;
  const now = new Date();
  await seed(pool, prefix, now);
  const custodianIds = Array.from({ length: CUSTODIANS }, (_, i) => `${prefix}-c${i + 1}`);

  const t1 = performance.now();
  const first = await warehouse.reaggregateWindows({ at: now, granularities: [...GRANULARITIES], custodianIds });
  const firstS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const second = await warehouse.reaggregateWindows({ at: now, granularities: [...GRANULARITIES], custodianIds });
  const secondS = (performance.now() - t2) / 1000;

  // The scheduled path: every window of each custodian's whole history (daily included), one
  // transaction per custodian, then again from the watermarks the first pass returned.
  const t3 = performance.now();
  const full = await Promise.all(
    custodianIds.map((custodianId) => warehouse.reaggregateCustodian({ custodianId, changedSince: null, at: now })),
  );
  const fullS = (performance.now() - t3) / 1000;
  const t4 = performance.now();
  const resumed = await Promise.all(
    custodianIds.map((custodianId, i) =>
      warehouse.reaggregateCustodian({ custodianId, changedSince: full[i]!.watermark, at: now }),
    ),
  );
  const resumedS = (performance.now() - t4) / 1000;
  const sum = (rs: { windows: number; rows: number }[], k: 'windows' | 'rows') => rs.reduce((n, r) => n + r[k], 0);

  console.log(`first run wrote ${first.rows} rows; second run changed ${second.rows}`);
  console.log(
    `full history: ${sum(full, 'windows')} windows, ${sum(full, 'rows')} rows written; from the watermarks: ${sum(resumed, 'windows')} windows, ${sum(resumed, 'rows')} rows`,
  );
  const ok = [
    report(`re-aggregate ${TRANSFERS} transfers, ${CUSTODIANS} custodians, 4 windows`, firstS, 's', {
      op: '<=',
      value: 10,
    }),
    report('throughput (transfers read per second)', TRANSFERS / firstS, 'rows/s', null),
    report('second, idempotent run', secondS, 's', null),
    report('rows changed by the second run', second.rows, 'rows', { op: '<=', value: 0 }),
    report('every window of the full history, per-custodian transactions', fullS, 's', null),
    report('resumed from the watermarks (nothing changed since)', resumedS, 's', null),
    report('rows changed by the resumed run', sum(resumed, 'rows'), 'rows', { op: '<=', value: 0 }),
  ];
  await pool.end();
  console.log(`\n${ok.filter(Boolean).length}/${ok.length} figures within target`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
