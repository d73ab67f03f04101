// The `postgres` adapter: the port as SQL over pg, against the tables Data Connect generates.
// Each phase write is atomic in as few round trips as its guarantees allow: phases 3 and 4 are one
// statement each (data-modifying CTEs), phases 2 and 5 one transaction each (phase 2 locks its
// transfer first; phase 5 takes the custodians' locks before it recounts, in a statement of its
// own, so the recount's snapshot sees every writer that held them). The SQL lives beside it by
// concern: core writes (core-sql.ts), the status (status-sql.ts), analytics (analytics-sql.ts),
// read-back (read-back-sql.ts), the cards' reads (card-reads-sql.ts).
import type { Pool, PoolConfig } from 'pg';
import {
  MAX_TIME_SERIES_POINTS,
  type DataQualityPeriod,
  type MonthlySummary,
  type TimeSeries,
} from '@trustrails/contracts';
import type {
  EtlRunRecord,
  MarkCompletedContext,
  ReaggregateCustodianInput,
  ReaggregateCustodianResult,
  ReaggregateInput,
  ReadBack,
  RevisedFrom,
  RolloverAggregate,
  Warehouse,
} from '../port';
import { fillDataQuality, periodBounds, timeSeriesPeriods, type TimeSeriesQuery } from '../time-series';
import { GRANULARITIES, windowOf, windowsOf } from '../windows';
import { lockCustodians, reaggregateCorrection, touchedDays, upsertWindowSet, upsertWindows } from './analytics-sql';
import { countedDifferently, lockOwnTransfer, upsertChain, upsertParties, upsertTransfer } from './core-sql';
import { markCompletedSql } from './status-sql';
import { monthlySummary, timeSeries } from './card-reads-sql';
import { createPool, type PoolSettings } from './pool';
import { readBack } from './read-back-sql';
import { dataQualityRows } from './data-quality-sql';
import { checkSchema } from './schema-check';
import { inTransaction } from './transaction';

/** Where the pool connects: a URL, or pg options resolved once at start (the Cloud SQL connector's). */
export type PostgresSource =
  | { pool: Pool }
  | ({ databaseUrl: string; poolSize?: number } & Omit<PoolSettings, 'max'>)
  | ({
      /** Opens the connection's means (the Cloud SQL connector), closed with the pool. */
      connect: () => Promise<{ options: PoolConfig; close: () => void }>;
      poolSize?: number;
      verifySchema?: boolean;
    } & Omit<PoolSettings, 'max'>);

export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres' as const;
  private readonly ownsPool: boolean;
  private readonly start: () => Promise<Pool>;
  /** The start under way or done; null after one failed, so that the next call starts again. */
  private ready: Promise<Pool> | null;

  constructor(source: PostgresSource) {
    this.ownsPool = !('pool' in source);
    if ('pool' in source) this.start = () => Promise.resolve(source.pool);
    else {
      const settings = {
        max: source.poolSize,
        statementTimeoutMs: source.statementTimeoutMs,
        lockTimeoutMs: source.lockTimeoutMs,
      };
      this.start =
        'databaseUrl' in source
          ? () => Promise.resolve(createPool(source.databaseUrl, settings))
          : async () => {
              const connection = await source.connect();
              const pool = createPool(connection.options, settings);
              // The connector lives as long as its pool: ended together, whichever way.
              const end = pool.end.bind(pool);
              pool.end = (async () => {
                try {
                  await end();
                } finally {
                  connection.close();
                }
              }) as Pool['end'];
              // Production: Data Connect owns the schema and no migration runs, so stop on a mismatch.
              if (source.verifySchema)
                await checkSchema(pool).catch(async (error: unknown) => {
                  await pool.end();
                  throw error;
                });
              return pool;
            };
    }
    // Started at once, so a cold start connects while the first delivery is still on its way.
    this.ready = this.begin();
  }

  /**
   * One start. A failed one is forgotten: a transient fault at cold start (the database not yet
   * reachable, the connector's metadata fetch) must not break this instance for its whole life,
   * and a schema mismatch is checked again, and reported again, by every call until it is fixed.
   */
  private begin(): Promise<Pool> {
    const started: Promise<Pool> = this.start().catch((error: unknown) => {
      if (this.ready === started) this.ready = null;
      throw error;
    });
    // Callers see the failure on their call; an unobserved rejection must not crash the process first.
    started.catch(() => undefined);
    return started;
  }

  /** The pool, once connected (and, in production, once the schema has been checked). */
  get pool(): Promise<Pool> {
    this.ready ??= this.begin();
    return this.ready;
  }

  /**
   * Phase 2. A corrected rollover (a reprocess) replaces its transfer's values, and every analytics
   * window that counted the old values or counts the new ones is rebuilt in the same transaction,
   * for the old and the new custodians: no reader ever sees the transfer counted twice, or where
   * it no longer belongs. The old values are the run's record of the previous revision
   * (`revisedFrom`), rebuilt on every attempt, and the stored row when it was counted differently
   * (a run finished before runs recorded the completion time).
   */
  async writeCore(rollover: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<void> {
    return inTransaction(await this.pool, async (client) => {
      const stored = await lockOwnTransfer(client, rollover);
      await upsertParties(client, rollover);
      await upsertTransfer(client, rollover, stored !== null);
      const was = stored?.counted;
      const previous = [revisedFrom, was && countedDifferently(was, rollover) ? was : null];
      await reaggregateCorrection(
        client,
        previous.filter((p) => p !== null && p !== undefined),
        rollover,
      );
    });
  }

  async writeChain(rollover: RolloverAggregate) {
    await upsertChain(await this.pool, rollover);
    return {
      blockchainTransactions: rollover.blockchainTransactions.length,
      tokenMovements: rollover.tokenMovements.length,
    };
  }

  async markCompleted(rollover: RolloverAggregate, context: MarkCompletedContext): Promise<void> {
    // One statement, so one round trip and atomic without a transaction of its own.
    await (
      await this.pool
    ).query(markCompletedSql, [
      rollover.transferId,
      rollover.rolloverId,
      rollover.completedAt,
      context.actor,
      { rolloverId: rollover.rolloverId, attempt: context.attempt },
    ]);
  }

  async refreshAnalytics(custodianIds: string[], at: Date): Promise<void> {
    return inTransaction(await this.pool, async (client) => {
      const custodians = await lockCustodians(client, custodianIds);
      // Every granularity's window of `at`, in one statement.
      await upsertWindowSet(
        client,
        custodians,
        GRANULARITIES.map((granularity) => ({ granularity, periodStart: windowOf(granularity, at).periodStart })),
      );
    });
  }

  async listCustodianIds(): Promise<string[]> {
    // The same bound as the connector's ListCustodianIds, so both adapters answer alike.
    const { rows } = await (
      await this.pool
    ).query<{ id: string }>('SELECT id FROM custodian ORDER BY id COLLATE "C" LIMIT 10000');
    return rows.map((r) => r.id);
  }

  async reaggregateWindows(input: ReaggregateInput): Promise<{ custodians: number; rows: number }> {
    // Only custodians the warehouse knows: a backfill may name one whose first rollover has not loaded yet.
    const ids = (
      await (
        await this.pool
      ).query<{ id: string }>('SELECT id FROM custodian WHERE $1::text[] IS NULL OR id = ANY($1::text[]) ORDER BY id', [
        input.custodianIds ?? null,
      ])
    ).rows.map((r) => r.id);
    let rows = 0;
    const failures: unknown[] = [];
    // One transaction per custodian: one custodian's failure or lock wait never rolls back the others.
    for (const id of ids) {
      try {
        rows += await inTransaction(await this.pool, async (client) => {
          await lockCustodians(client, [id]);
          let changed = 0;
          for (const granularity of input.granularities)
            changed += await upsertWindows(client, [id], granularity, windowsOf(granularity, [input.at]));
          return changed;
        });
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
    return { custodians: ids.length, rows };
  }

  async reaggregateCustodian(input: ReaggregateCustodianInput): Promise<ReaggregateCustodianResult> {
    return inTransaction(await this.pool, async (client) => {
      await lockCustodians(client, [input.custodianId]);
      // now() is the transaction's start: every transfer changed after it is left for the next run.
      const watermark = (await client.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
      const days = [input.at, ...(await touchedDays(client, input.custodianId, input.changedSince))];
      const covered: ReaggregateCustodianResult['covered'] = [];
      let rows = 0;
      for (const granularity of GRANULARITIES) {
        const periods = windowsOf(granularity, days);
        covered.push(...periods.map((periodStart) => ({ granularity, periodStart })));
        rows += await upsertWindows(client, [input.custodianId], granularity, periods);
      }
      return { windows: covered.length, covered, rows, watermark };
    });
  }

  async readBack(rollover: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<ReadBack> {
    return readBack(await this.pool, rollover, revisedFrom);
  }

  async recordEtlRun(run: EtlRunRecord): Promise<void> {
    await (
      await this.pool
    ).query(
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
    return monthlySummary(await this.pool, custodianId, month);
  }

  async getTimeSeries(query: TimeSeriesQuery): Promise<TimeSeries> {
    return timeSeries(await this.pool, query);
  }

  async dataQuality(query: Omit<TimeSeriesQuery, 'custodianId'>): Promise<DataQualityPeriod[]> {
    const periods = timeSeriesPeriods(query, MAX_TIME_SERIES_POINTS);
    const { start, end } = periodBounds(query.granularity, periods);
    return fillDataQuality(periods, await dataQualityRows(await this.pool, query.granularity, start, end));
  }

  async close(): Promise<void> {
    if (this.ownsPool) await (await this.ready?.catch(() => null))?.end();
  }
}
