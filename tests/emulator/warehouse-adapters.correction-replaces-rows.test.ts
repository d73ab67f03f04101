// A reprocess on both warehouse adapters: a loaded rollover is loaded again, corrected (another
// amount, completion day and destination custodian, a new destination account, no more tax
// breakdown or chain rows), through the same phase writes the ETL makes. Afterwards every stored
// analytics window, all five granularities, of the old and the new custodians at the old and the
// new completion equals a fresh count, and the transfer's child rows are the corrected ones only.
import { GRANULARITIES, type Granularity } from '@trustrails/contracts';
import type { RolloverAggregate } from '@trustrails/warehouse';
import { windowOf } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { dataConnectAdapter, postgresAdapter, type AdapterUnderTest } from '../support/adapters';

/** The phases 2 to 5 of one load, as the orchestrator runs them. */
async function load(a: AdapterUnderTest, r: RolloverAggregate, attempt: number) {
  await a.warehouse.writeCore(r);
  await a.warehouse.writeChain(r);
  await a.warehouse.markCompleted(r, { attempt, actor: 'system-etl' });
  await a.warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
}

/** The stored row of one window against a fresh count of it (every granularity). */
async function window(a: AdapterUnderTest, custodianId: string, granularity: Granularity, at: Date) {
  const w = windowOf(granularity, at);
  const stored = (await a.stored(custodianId, granularity as 'daily', w.periodStart)) as Record<string, unknown> | null;
  const fresh = (await a.fresh(custodianId, w.start, w.end)) as Record<string, unknown>;
  const figures = (f: Record<string, unknown> | null) =>
    f && {
      completedCount: Number(f.completedCount),
      volumeCents: Number(f.volumeCents),
      inboundCount: Number(f.inboundCount),
      outboundCount: Number(f.outboundCount),
    };
  return { custodianId, granularity, periodStart: w.periodStart, stored: figures(stored), fresh: figures(fresh) };
}

for (const make of [postgresAdapter, dataConnectAdapter]) {
  test(`a corrected rollover replaces its rows and leaves every old and new window exact (${make.name})`, async () => {
    const a = await make();
    try {
      const s = uniqueSuffix();
      const [source, wrong, right] = [`src-${s}`, `old-${s}`, `new-${s}`];
      const first = rollover({
        source,
        destination: wrong,
        amountCents: 1_000,
        completedAt: new Date('2026-05-29T10:00:00Z'),
        durationMs: 3_600_000,
        chain: true,
      });
      await load(a, first, 1);
      const corrected: RolloverAggregate = {
        ...first,
        destinationCustodianId: right,
        destinationAccount: { accountId: `${first.destinationAccount.accountId}-2`, accountType: 'ira', last4: null },
        amountCents: 1_250,
        // Into another day, week, month and quarter (same year).
        completedAt: new Date('2026-07-02T10:00:00Z'),
        durationMs: first.durationMs + (Date.parse('2026-07-02T10:00:00Z') - Date.parse('2026-05-29T10:00:00Z')),
        financialBreakdown: null,
        blockchainTransactions: [],
        tokenMovements: [],
      };
      await load(a, corrected, 2);

      const windows = [];
      for (const custodianId of [source, wrong, right])
        for (const granularity of GRANULARITIES)
          for (const at of [first.completedAt, corrected.completedAt])
            windows.push(await window(a, custodianId, granularity, at));
      // Stored rows may be absent only where nothing was ever counted (the new custodian's old windows).
      const mismatched = windows.filter(
        (w) => JSON.stringify(w.stored ?? { ...w.fresh, completedCount: 0 }) !== JSON.stringify(w.fresh),
      );
      expect(mismatched).toEqual([]);
      // The old destination counts nothing any more; the new one the corrected amount.
      const month = await window(a, wrong, 'monthly', first.completedAt);
      expect(month.stored).toMatchObject({ completedCount: 0, volumeCents: 0 });
      expect((await window(a, right, 'quarterly', corrected.completedAt)).stored).toMatchObject({
        completedCount: 1,
        volumeCents: 1_250,
      });

      // The transfer carries the corrected parties; the rows the correction no longer has are gone.
      const snapshot = JSON.stringify(await a.snapshot(first.transferId));
      expect(snapshot).toContain(right);
      expect(snapshot).not.toContain(wrong);
      if (a.name === 'dataconnect') {
        const double = (a as Awaited<ReturnType<typeof dataConnectAdapter>>).double;
        const rowsOf = (table: string) =>
          [...double.rows].filter(([key, row]) => key.startsWith(`${table}:`) && row.transferId === first.transferId);
        expect(['financialBreakdown', 'blockchainTransaction', 'tokenMovement'].map((t) => rowsOf(t).length)).toEqual([
          0, 0, 0,
        ]);
      } else {
        const { pool } = a as ReturnType<typeof postgresAdapter>;
        const { rows } = await pool.query(
          `SELECT (SELECT count(*) FROM financial_breakdown WHERE transfer_id = $1)::int AS breakdown,
                  (SELECT count(*) FROM blockchain_transaction WHERE transfer_id = $1)::int AS chain,
                  (SELECT count(*) FROM token_movement WHERE transfer_id = $1)::int AS tokens,
                  (SELECT count(*) FROM transfer WHERE rollover_id = $2)::int AS transfers,
                  (SELECT changed_at FROM transfer_status_history WHERE transfer_id = $1) AS completed_at`,
          [first.transferId, first.rolloverId],
        );
        expect(rows[0]).toEqual({
          breakdown: 0,
          chain: 0,
          tokens: 0,
          transfers: 1,
          completed_at: corrected.completedAt,
        });
      }
    } finally {
      await a.close();
    }
  }, 60_000);
}
