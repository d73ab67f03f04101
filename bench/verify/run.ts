// `npm run bench:verify`: what phase 6 (verify) costs on the embedded PostgreSQL, the production
// adapter, with custodians busy enough that their windows' recounts read real rows: 20,000
// completed transfers this year across 20 custodians, then rollovers loaded through phases 2 to 5
// between two of them, and verify() timed on each in turn. Prints the median and p95.
import { Pool } from 'pg';
import { PostgresWarehouse, type RolloverAggregate } from '@trustrails/warehouse';
import { rollover } from '../../packages/warehouse/test/support/rollover-fixture';
import { verify } from '../../functions/src/etl/phases/verify';
import { seedTransfers } from '../lib/seed-transfers';
import { percentile, report } from '../lib/stats';
import { verifyBenchSettings } from '../settings';

const SETTINGS = verifyBenchSettings();
const { transfers: TRANSFERS, custodians: CUSTODIANS, rollovers: ROLLOVERS, samples: SAMPLES } = SETTINGS;

async function load(warehouse: PostgresWarehouse, prefix: string, now: Date): Promise<RolloverAggregate[]> {
  const loaded: RolloverAggregate[] = [];
  for (let i = 0; i < ROLLOVERS; i += 1) {
    const r = rollover({
      source: `${prefix}-c1`,
      destination: `${prefix}-c2`,
      amountCents: 10_000 + i,
      completedAt: new Date(now.getTime() - i * 60_000),
      durationMs: 3_600_000,
      chain: true,
    });
    await warehouse.writeCore(r);
    await warehouse.writeChain(r);
    await warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
    await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
    loaded.push(r);
  }
  return loaded;
}

async function main() {
  const pool = new Pool({ connectionString: SETTINGS.databaseUrl, max: 4 });
  const warehouse = new PostgresWarehouse({ pool });
  const prefix = `vbench${Date.now().toString(36)}`;
  const now = new Date();
  await seedTransfers(pool, prefix, now, { transfers: TRANSFERS, custodians: CUSTODIANS });
  const rollovers = await load(warehouse, prefix, now);

  const samples: number[] = [];
  let checks = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    const t0 = performance.now();
    const verified = await verify(warehouse, rollovers[i % rollovers.length]!);
    samples.push(performance.now() - t0);
    checks = verified.verificationChecks.length;
  }
  console.log(
    `${SAMPLES} verifications of ${ROLLOVERS} rollovers between custodians of ${TRANSFERS} transfers; ${checks} checks each`,
  );
  report('phase 6 (verify), median', percentile(samples, 50), 'ms', null);
  report('phase 6 (verify), p95', percentile(samples, 95), 'ms', null);
  await pool.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
