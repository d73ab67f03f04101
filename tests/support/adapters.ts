// The two warehouse adapters side by side, for tests that run one scenario on both: `postgres`
// against the stack's PostgreSQL, and `dataconnect` through the Admin SDK against the executing
// Data Connect double (the real emulator cannot be downloaded here; see the double's header).
import { Pool } from 'pg';
import { DataConnectWarehouse, PostgresWarehouse, type Warehouse } from '@trustrails/warehouse';
import { DataConnectDouble } from '../../packages/warehouse/test/support/data-connect-double';
import { recomputed } from '../../packages/warehouse/test/support/warehouse-sql';
import { adminApp } from './firebase';

export interface AdapterUnderTest {
  name: 'postgres' | 'dataconnect';
  warehouse: Warehouse;
  /** The stored figures of one analytics row, or null. */
  stored(custodianId: string, granularity: 'daily' | 'monthly', periodStart: string): Promise<object | null>;
  /** A fresh count from completed transfers in [from, to). */
  fresh(custodianId: string, from: Date, to: Date): Promise<object>;
  /** The rows of one transfer and its accounts, to compare before and after. */
  snapshot(transferId: string): Promise<unknown>;
  close(): Promise<void>;
}

const FIGURES = `completed_count AS "completedCount", volume_cents AS "volumeCents", avg_completion_ms AS "avgCompletionMs",
  inbound_count AS "inboundCount", outbound_count AS "outboundCount"`;

export function postgresAdapter(): AdapterUnderTest & { pool: Pool } {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  const warehouse = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 3 });
  return {
    name: 'postgres',
    pool,
    warehouse,
    async stored(custodianId, granularity, periodStart) {
      const { rows } = await pool.query(
        `SELECT ${FIGURES} FROM analytics_time_series WHERE custodian_id = $1 AND granularity = $2 AND period_start = $3::date`,
        [custodianId, granularity, periodStart],
      );
      return rows[0] ?? null;
    },
    fresh: (custodianId, from, to) => recomputed(pool, custodianId, from.toISOString(), to.toISOString()),
    async snapshot(transferId) {
      const { rows } = await pool.query(
        `SELECT t::text AS transfer,
                (SELECT array_agg(a::text ORDER BY a.id) FROM account a WHERE a.id IN (t.source_account_id, t.destination_account_id)) AS accounts
         FROM transfer t WHERE t.id = $1`,
        [transferId],
      );
      return rows;
    },
    async close() {
      await warehouse.close();
      await pool.end();
    },
  };
}

export async function dataConnectAdapter(): Promise<AdapterUnderTest & { double: DataConnectDouble }> {
  const double = new DataConnectDouble();
  process.env.DATA_CONNECT_EMULATOR_HOST = await double.start();
  adminApp();
  const warehouse = new DataConnectWarehouse({ serviceId: 'trustrails', location: 'us-central1', connector: 'etl' });
  const pick = (r: Record<string, unknown>) => ({
    completedCount: r.completedCount,
    volumeCents: r.volumeCents,
    avgCompletionMs: r.avgCompletionMs,
    inboundCount: r.inboundCount,
    outboundCount: r.outboundCount,
  });
  return {
    name: 'dataconnect',
    double,
    warehouse,
    stored: async (custodianId, granularity, periodStart) => {
      const row = double.analyticsRow(custodianId, granularity, periodStart);
      return row ? pick(row) : null;
    },
    fresh: async (custodianId, from, to) => double.fresh(custodianId, from, to),
    snapshot: async (transferId) => {
      const t = double.transfers.get(transferId);
      if (!t) return null;
      return JSON.stringify({
        transfer: t,
        accounts: [double.accounts.get(String(t.sourceAccountId)), double.accounts.get(String(t.destinationAccountId))],
      });
    },
    async close() {
      delete process.env.DATA_CONNECT_EMULATOR_HOST;
      await double.stop();
    },
  };
}
