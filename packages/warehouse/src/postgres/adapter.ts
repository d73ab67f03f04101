// The `postgres` adapter: the port as SQL over pg, against the tables Data Connect generates.
// Each phase write is one transaction.
import type { Pool } from 'pg';
import type { MonthlySummary } from '@trustrails/contracts';
import type {
  EtlRunRecord,
  MarkCompletedContext,
  ReaggregateInput,
  ReadBack,
  RolloverAggregate,
  Warehouse,
} from '../port';
import { lockCustodians, upsertWindow } from './analytics-sql';
import { upsertChain, upsertParties, upsertTransfer } from './core-sql';
import { createPool } from './pool';
import { readBack } from './read-back-sql';
import { inTransaction } from './transaction';

export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres' as const;
  private readonly ownsPool: boolean;
  readonly pool: Pool;

  constructor(source: { pool: Pool } | { databaseUrl: string; poolSize?: number }) {
    this.ownsPool = !('pool' in source);
    this.pool = 'pool' in source ? source.pool : createPool(source.databaseUrl, source.poolSize);
  }

  writeCore(rollover: RolloverAggregate): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await upsertParties(client, rollover);
      await upsertTransfer(client, rollover);
    });
  }

  async writeChain(rollover: RolloverAggregate) {
    await inTransaction(this.pool, (client) => upsertChain(client, rollover));
    return {
      blockchainTransactions: rollover.blockchainTransactions.length,
      tokenMovements: rollover.tokenMovements.length,
    };
  }

  markCompleted(rollover: RolloverAggregate, context: MarkCompletedContext): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `UPDATE transfer SET status = 'completed', updated_at = now() WHERE id = $1 AND status <> 'completed'`,
        [rollover.transferId],
      );
      await client.query(
        `INSERT INTO transfer_status_history (id, transfer_id, status, changed_at, actor) VALUES ($1, $2, 'completed', $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [`${rollover.transferId}:completed`, rollover.transferId, rollover.completedAt, context.actor],
      );
      await client.query(
        `INSERT INTO audit_log (id, entity_type, entity_id, action, actor, details) VALUES ($1, 'transfer', $2, 'status.completed', $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [
          `transfer:${rollover.transferId}:completed`,
          rollover.transferId,
          context.actor,
          { rolloverId: rollover.rolloverId, attempt: context.attempt },
        ],
      );
    });
  }

  refreshAnalytics(custodianIds: string[], at: Date): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      const custodians = await lockCustodians(client, custodianIds);
      await upsertWindow(client, custodians, 'daily', at);
      await upsertWindow(client, custodians, 'monthly', at);
    });
  }

  async listCustodianIds(): Promise<string[]> {
    // The same bound as the connector's ListCustodianIds, so both adapters answer alike.
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM custodian ORDER BY id COLLATE "C" LIMIT 10000',
    );
    return rows.map((r) => r.id);
  }

  reaggregateWindows(input: ReaggregateInput): Promise<{ custodians: number; rows: number }> {
    return inTransaction(this.pool, async (client) => {
      // Only custodians the warehouse knows: a backfill may name one whose first rollover has not loaded yet.
      const ids = (
        await client.query<{ id: string }>(
          'SELECT id FROM custodian WHERE $1::text[] IS NULL OR id = ANY($1::text[])',
          [input.custodianIds ?? null],
        )
      ).rows.map((r) => r.id);
      if (ids.length === 0) return { custodians: 0, rows: 0 };
      const custodians = await lockCustodians(client, ids);
      let rows = 0;
      for (const granularity of input.granularities)
        rows += await upsertWindow(client, custodians, granularity, input.at);
      return { custodians: custodians.length, rows };
    });
  }

  readBack(rollover: RolloverAggregate): Promise<ReadBack> {
    return readBack(this.pool, rollover);
  }

  async recordEtlRun(run: EtlRunRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO etl_run (rollover_id, attempt, status, phase_timings_ms, processing_time_ms, started_at, finished_at, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (rollover_id, attempt) DO UPDATE SET status = EXCLUDED.status, phase_timings_ms = EXCLUDED.phase_timings_ms,
         processing_time_ms = EXCLUDED.processing_time_ms, finished_at = EXCLUDED.finished_at, error = EXCLUDED.error`,
      [
        run.rolloverId,
        run.attempt,
        run.status,
        run.phaseTimingsMs,
        run.processingTimeMs === null ? null : Math.round(run.processingTimeMs),
        run.startedAt,
        run.finishedAt,
        run.error,
      ],
    );
  }

  async getMonthlySummary(custodianId: string, month: string): Promise<MonthlySummary> {
    const { rows } = await this.pool.query<{
      completed_count: number;
      volume_cents: number;
      avg_completion_ms: number | null;
      updated_at: Date;
    }>(
      `SELECT completed_count, volume_cents, avg_completion_ms, updated_at FROM analytics_time_series
       WHERE custodian_id = $1 AND granularity = 'monthly' AND period_start = $2::date`,
      [custodianId, `${month}-01`],
    );
    const row = rows[0];
    return {
      custodianId,
      month,
      completedCount: row?.completed_count ?? 0,
      volumeCents: row?.volume_cents ?? 0,
      avgCompletionMs: row && row.completed_count > 0 ? row.avg_completion_ms : null,
      asOf: row && row.completed_count > 0 ? row.updated_at.toISOString() : null,
    };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
