// Two recomputes of one custodian's analytics interleave: A reads the figures, another transfer
// completes, B recomputes and writes, then A writes. The rows must still equal a fresh count of
// completed transfers, on the Data Connect double (where A's write is verified and redone) and on
// postgres (where the per-custodian lock makes B wait and read after the new transfer committed).
import { PostgresWarehouse } from '@trustrails/warehouse';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { windowOf } from '@trustrails/warehouse';
import { dataConnectAdapter, postgresAdapter } from '../support/adapters';
import { waitFor } from '../support/wait';

const at = new Date('2033-05-20T09:30:00Z');

async function expectFresh(
  a: {
    stored: (c: string, g: 'daily' | 'monthly', p: string) => Promise<object | null>;
    fresh: (c: string, f: Date, t: Date) => Promise<object>;
  },
  custodianId: string,
  completed: number,
) {
  for (const granularity of ['daily', 'monthly'] as const) {
    const w = windowOf(granularity, at);
    const fresh = await a.fresh(custodianId, w.start, w.end);
    expect({ granularity, ...(await a.stored(custodianId, granularity, w.periodStart)) }).toEqual({
      granularity,
      ...fresh,
    });
    expect(fresh).toMatchObject({ completedCount: completed });
  }
}

test('Two recomputes for one custodian interleave → the rows equal a fresh count (Data Connect double)', async () => {
  const a = await dataConnectAdapter();
  try {
    const s = uniqueSuffix();
    const x = `x-${s}`;
    const seed = (amountCents: number) => {
      const r = rollover({ source: x, destination: `y-${s}`, amountCents, completedAt: at, durationMs: amountCents });
      a.double.transfers.set(r.transferId, {
        id: r.transferId,
        rolloverId: r.rolloverId,
        sourceCustodianId: x,
        destinationCustodianId: r.destinationCustodianId,
        amountCents,
        status: 'completed',
        completedAt: at.toISOString(),
        durationMs: amountCents,
      });
    };
    seed(1_000);
    let interleaved = false;
    a.double.beforeReply = async (operation) => {
      if (operation !== 'GetCustodianWindowStats' || interleaved) return;
      interleaved = true;
      a.double.beforeReply = null;
      // A has read one transfer; a second completes and B recomputes before A writes.
      seed(2_000);
      await a.warehouse.refreshAnalytics([x], at);
    };
    await a.warehouse.refreshAnalytics([x], at);
    expect(interleaved).toBe(true);
    await expectFresh(a, x, 2);
  } finally {
    await a.close();
  }
});

test('Two recomputes for one custodian interleave → the rows equal a fresh count (postgres)', async () => {
  const a = postgresAdapter();
  const other = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  const holder = await a.pool.connect();
  try {
    const s = uniqueSuffix();
    const x = `x-${s}`;
    const first = rollover({
      source: x,
      destination: `y-${s}`,
      amountCents: 1_000,
      completedAt: at,
      durationMs: 1_000,
    });
    const second = rollover({
      source: x,
      destination: `y-${s}`,
      amountCents: 2_000,
      completedAt: at,
      durationMs: 2_000,
    });
    for (const r of [first]) {
      await a.warehouse.writeCore(r);
      await a.warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
    }
    // Another recompute of x is in progress (it holds x's analytics lock) when A starts.
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:' || $1))`, [x]);
    const recomputeA = a.warehouse.refreshAnalytics([x], at);
    await waitFor('A to wait for the custodian lock', async () => {
      const { rows } = await a.pool.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      return rows.length > 0;
    });
    await other.writeCore(second);
    await other.markCompleted(second, { attempt: 1, actor: 'system-etl' });
    const recomputeB = other.refreshAnalytics([x], at);
    await holder.query('COMMIT');
    await Promise.all([recomputeA, recomputeB]);
    await expectFresh(a, x, 2);
  } finally {
    holder.release();
    await other.close();
    await a.close();
  }
});
