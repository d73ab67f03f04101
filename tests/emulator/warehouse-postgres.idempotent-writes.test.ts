// Phase writes of the postgres adapter are idempotent: replaying any of them leaves identical rows
// (including timestamps), and phase 3 writes only what the aggregate holds.
import { Pool } from 'pg';
import { PostgresWarehouse } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { transferSnapshot } from '../../packages/warehouse/test/support/warehouse-sql';

let pool: Pool;
let warehouse: PostgresWarehouse;

beforeAll(() => {
  warehouse = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await warehouse.close();
  await pool.end();
});

async function runAllPhases(r: ReturnType<typeof rollover>, attempt: number): Promise<void> {
  await warehouse.writeCore(r);
  await warehouse.writeChain(r);
  await warehouse.markCompleted(r, { attempt, actor: 'system-etl' });
  await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
  await warehouse.recordEtlRun({
    rolloverId: r.rolloverId,
    attempt: 1,
    status: 'FINISHED',
    phaseTimingsMs: { core: 4, chain: 2 },
    processingTimeMs: 30,
    startedAt: r.initiatedAt,
    finishedAt: r.completedAt,
    error: null,
  });
}

describe('PostgresWarehouse phase writes', () => {
  it('leave identical rows when every phase runs twice', async () => {
    const s = uniqueSuffix();
    const r = rollover({
      source: `src-${s}`,
      destination: `dst-${s}`,
      amountCents: 250_000,
      completedAt: new Date(),
      durationMs: 4_000,
      chain: true,
    });

    await runAllPhases(r, 1);
    const first = await transferSnapshot(pool, r.transferId);
    await runAllPhases(r, 2);
    const second = await transferSnapshot(pool, r.transferId);

    expect(second).toEqual(first);
    expect(Object.fromEntries(Object.entries(first).map(([table, rows]) => [table, rows.length]))).toEqual({
      transfer: 1,
      custodian: 2,
      participant: 1,
      account: 2,
      financial_breakdown: 1,
      transfer_event: 2,
      transfer_status_history: 1,
      blockchain_transaction: 1,
      token_movement: 1,
      audit_log: 1,
      etl_run: 1,
    });
    expect(first.transfer?.[0]).toContain('completed');
  });

  it('never moves a completed transfer back when the core write is replayed', async () => {
    const s = uniqueSuffix();
    const r = rollover({
      source: `src-${s}`,
      destination: `dst-${s}`,
      amountCents: 10,
      completedAt: new Date(),
      durationMs: 1,
    });
    await warehouse.writeCore(r);
    await warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
    await warehouse.writeCore(r);
    const { rows } = await pool.query('SELECT status FROM transfer WHERE id = $1', [r.transferId]);
    expect(rows).toEqual([{ status: 'completed' }]);
  });

  it('writes no chain rows when the aggregate holds no chain data', async () => {
    const s = uniqueSuffix();
    const r = rollover({
      source: `src-${s}`,
      destination: `dst-${s}`,
      amountCents: 10,
      completedAt: new Date(),
      durationMs: 1,
      chain: false,
    });
    await warehouse.writeCore(r);

    await expect(warehouse.writeChain(r)).resolves.toEqual({ blockchainTransactions: 0, tokenMovements: 0 });
    const snapshot = await transferSnapshot(pool, r.transferId);
    expect(snapshot.blockchain_transaction).toEqual([]);
    expect(snapshot.token_movement).toEqual([]);
  });

  it('keeps optional data null rather than inventing it', async () => {
    const s = uniqueSuffix();
    const r = rollover({
      source: `src-${s}`,
      destination: `dst-${s}`,
      amountCents: 10,
      completedAt: new Date(),
      durationMs: 1,
    });
    await warehouse.writeCore({ ...r, financialBreakdown: null });
    const { rows } = await pool.query(
      `SELECT p.full_name, a.last4, t.funds_received_amount_cents, (SELECT count(*)::int FROM financial_breakdown WHERE transfer_id = t.id) AS breakdowns
       FROM transfer t JOIN participant p ON p.id = t.participant_id JOIN account a ON a.id = t.destination_account_id WHERE t.id = $1`,
      [r.transferId],
    );
    expect(rows).toEqual([{ full_name: null, last4: null, funds_received_amount_cents: null, breakdowns: 0 }]);
  });
});
