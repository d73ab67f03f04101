// Several workers (separate pools, as separate function instances would have) completing transfers of the
// same custodian and recomputing its analytics at the same time never lose an update: the
// per-custodian advisory lock makes each recompute see every transfer committed before it.
import { Pool } from 'pg';
import { PostgresWarehouse, type RolloverAggregate } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { analyticsRow, recomputed } from '../../packages/warehouse/test/support/warehouse-sql';

const WORKERS = 6;
let pool: Pool;
let workers: PostgresWarehouse[];

beforeAll(() => {
  workers = Array.from(
    { length: WORKERS },
    () => new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 }),
  );
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await pool.end();
});

async function completeAndRefresh(worker: PostgresWarehouse, r: RolloverAggregate): Promise<void> {
  await worker.writeCore(r);
  await worker.markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await worker.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
}

describe('PostgresWarehouse.refreshAnalytics under concurrency', () => {
  it('keeps every completed transfer when workers refresh the same custodian at once', async () => {
    const s = uniqueSuffix();
    const shared = `shared-${s}`;
    const at = new Date('2032-06-10T12:00:00Z');
    const rounds = 30;

    for (let round = 0; round < rounds; round += 1) {
      // Alternate roles, so the shared custodian is locked as source by some and destination by others.
      const transfers = workers.map((_, i) =>
        i % 2 === 0
          ? rollover({
              source: shared,
              destination: `other-${s}-${i}`,
              amountCents: 1_000 * (i + 1) + round,
              completedAt: at,
              durationMs: 100 * (i + 1),
            })
          : rollover({
              source: `other-${s}-${i}`,
              destination: shared,
              amountCents: 1_000 * (i + 1) + round,
              completedAt: at,
              durationMs: 100 * (i + 1),
            }),
      );
      await Promise.all(workers.map((worker, i) => completeAndRefresh(worker, transfers[i]!)));

      const row = await analyticsRow(pool, shared, 'daily', '2032-06-10');
      const { updatedAt: _updatedAt, ...figures } = row!;
      expect({ round, ...figures }).toEqual({
        round,
        ...(await recomputed(pool, shared, '2032-06-10T00:00:00Z', '2032-06-11T00:00:00Z')),
      });
      expect(figures.completedCount).toBe(WORKERS * (round + 1));
    }
  });
});
