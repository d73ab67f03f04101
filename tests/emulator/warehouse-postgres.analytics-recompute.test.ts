// Analytics of the postgres adapter equal a plain recomputation from Transfer, for daily, monthly
// and the scheduled windows, across custodians, roles and months; re-runs change nothing.
import { Pool } from 'pg';
import { GRANULARITIES } from '@trustrails/contracts';
import { PostgresWarehouse, type RolloverAggregate } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { analyticsRow, recomputed } from '../../packages/warehouse/test/support/warehouse-sql';

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

async function complete(r: RolloverAggregate): Promise<void> {
  await warehouse.writeCore(r);
  await warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
  await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
}

const figures = (row: Awaited<ReturnType<typeof analyticsRow>>) => {
  if (!row) return null;
  const { updatedAt: _updatedAt, ...rest } = row;
  return rest;
};

describe('PostgresWarehouse analytics', () => {
  const s = uniqueSuffix();
  const [a, b, c] = [`a-${s}`, `b-${s}`, `c-${s}`];
  const mixed = [
    rollover({
      source: a,
      destination: b,
      amountCents: 100_000,
      completedAt: new Date('2031-03-15T01:00:00Z'),
      durationMs: 1_000,
    }),
    rollover({
      source: b,
      destination: a,
      amountCents: 250_000,
      completedAt: new Date('2031-03-15T23:59:59Z'),
      durationMs: 4_000,
    }),
    rollover({
      source: a,
      destination: c,
      amountCents: 7_000,
      completedAt: new Date('2031-03-02T12:00:00Z'),
      durationMs: 2_500,
    }),
    rollover({
      source: c,
      destination: a,
      amountCents: 999,
      completedAt: new Date('2031-04-01T00:00:00Z'),
      durationMs: 10,
    }),
    rollover({
      source: a,
      destination: a,
      amountCents: 5_000,
      completedAt: new Date('2031-03-15T12:00:00Z'),
      durationMs: 333,
    }),
  ];

  beforeAll(async () => {
    for (const r of mixed) await complete(r);
    // A transfer that never completed must not count.
    const pending = rollover({
      source: a,
      destination: b,
      amountCents: 1,
      completedAt: new Date('2031-03-15T02:00:00Z'),
      durationMs: 1,
    });
    await warehouse.writeCore(pending);
  });

  const windows = [
    ['daily', '2031-03-15', '2031-03-15T00:00:00Z', '2031-03-16T00:00:00Z'],
    ['monthly', '2031-03-01', '2031-03-01T00:00:00Z', '2031-04-01T00:00:00Z'],
    ['monthly', '2031-04-01', '2031-04-01T00:00:00Z', '2031-05-01T00:00:00Z'],
  ] as const;

  it.each([a, b, c].flatMap((id) => windows.map((w) => [id.split('-')[0], ...w, id] as const)))(
    'custodian %s %s %s equals the recomputation from transfers',
    async (_label, granularity, periodStart, from, to, id) => {
      const expected = await recomputed(pool, id, from, to);
      const row = await analyticsRow(pool, id, granularity, periodStart);
      if (expected.completedCount === 0) expect(row === null || figures(row)!.completedCount === 0).toBe(true);
      else expect(figures(row)).toEqual(expected);
    },
  );

  it('counts a transfer between one custodian and itself once, in both roles', async () => {
    expect(figures(await analyticsRow(pool, a, 'daily', '2031-03-15'))).toEqual({
      completedCount: 3,
      volumeCents: 355_000,
      avgCompletionMs: (1_000 + 4_000 + 333) / 3,
      inboundCount: 2,
      outboundCount: 2,
    });
  });

  it('leaves rows byte-identical when refreshed again', async () => {
    const before = await analyticsRow(pool, a, 'monthly', '2031-03-01');
    await warehouse.refreshAnalytics([a, b, c], new Date('2031-03-20T00:00:00Z'));
    expect(await analyticsRow(pool, a, 'monthly', '2031-03-01')).toEqual(before);
  });

  it('rebuilds the scheduled windows idempotently, agreeing with phase 5 on the month', async () => {
    const at = new Date('2031-03-15T08:00:00Z');
    const phase5Month = await analyticsRow(pool, b, 'monthly', '2031-03-01');
    const input = { custodianIds: [a, b, c], at, granularities: ['weekly', 'monthly', 'quarterly', 'yearly'] as const };

    // Phase 5 wrote every granularity; the rebuild must bring back what is gone and leave the rest.
    await pool.query(
      `DELETE FROM analytics_time_series WHERE custodian_id = ANY($1) AND granularity IN ('weekly', 'quarterly', 'yearly')`,
      [[a, b, c]],
    );
    const first = await warehouse.reaggregateWindows({ ...input, granularities: [...input.granularities] });
    const snapshot = await pool.query(
      `SELECT t::text FROM analytics_time_series t WHERE custodian_id = ANY($1) ORDER BY 1`,
      [[a, b, c]],
    );
    const second = await warehouse.reaggregateWindows({ ...input, granularities: [...input.granularities] });
    const again = await pool.query(
      `SELECT t::text FROM analytics_time_series t WHERE custodian_id = ANY($1) ORDER BY 1`,
      [[a, b, c]],
    );

    expect(first).toEqual({ custodians: 3, rows: 9 }); // weekly, quarterly, yearly rebuilt; monthly is unchanged
    expect(second).toEqual({ custodians: 3, rows: 0 });
    expect(again.rows).toEqual(snapshot.rows);
    expect(await analyticsRow(pool, b, 'monthly', '2031-03-01')).toEqual(phase5Month);
    // The week of Saturday 2031-03-15 starts on Monday 2031-03-10 and holds all of a's March 15 transfers.
    expect(figures(await analyticsRow(pool, a, 'weekly', '2031-03-10'))).toEqual(
      await recomputed(pool, a, '2031-03-10T00:00:00Z', '2031-03-17T00:00:00Z'),
    );
    expect(figures(await analyticsRow(pool, a, 'quarterly', '2031-01-01'))).toEqual(
      await recomputed(pool, a, '2031-01-01T00:00:00Z', '2031-04-01T00:00:00Z'),
    );
  });

  it('reads the monthly summary from the monthly row, and zeros and nulls for an empty month', async () => {
    const row = (await analyticsRow(pool, a, 'monthly', '2031-03-01'))!;
    const summary = await warehouse.getMonthlySummary(a, '2031-03');
    expect(summary).toEqual({
      custodianId: a,
      month: '2031-03',
      completedCount: row.completedCount,
      volumeCents: row.volumeCents,
      avgCompletionMs: row.avgCompletionMs,
      asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await warehouse.getMonthlySummary(a, '2031-07')).toEqual({
      custodianId: a,
      month: '2031-07',
      completedCount: 0,
      volumeCents: 0,
      avgCompletionMs: null,
      asOf: null,
    });
  });

  it("reads back the completed transfer and both custodians' windows, every granularity, beside their recount", async () => {
    const r = mixed[0]!;
    const readBack = await warehouse.readBack(r);
    expect(readBack).toMatchObject({
      transferCompleted: true,
      transfer: { rolloverId: r.rolloverId, amountCents: r.amountCents },
      tablesPopulated: expect.arrayContaining(['transfers', 'analytics_time_series']),
    });
    // Every granularity's window for both custodians, each beside its recount.
    expect(readBack.windows.map((w) => `${w.granularity}/${w.custodianId}`).sort()).toEqual(
      GRANULARITIES.flatMap((g) => [a, b].map((c) => `${g}/${c}`)).sort(),
    );
    for (const w of readBack.windows) {
      expect(w.includesTransfer).toBe(true);
      expect(w.stored).toEqual(w.fresh);
    }
  });
});
