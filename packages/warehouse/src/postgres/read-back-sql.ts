// Phase 6's read-back on PostgreSQL: which tables hold the rollover's rows, whose transfer it is
// with what amount, and for each custodian the monthly row the cards read beside the same figures
// recomputed from completed transfers, both from one statement (one snapshot), so a mismatch means
// the row is stale, not that time passed.
import type { Pool } from 'pg';
import type { MonthlyReadBack, ReadBack, RolloverAggregate } from '../port';
import { WINDOW_UNITS, windowBounds, windowFigures } from './analytics-sql';
import { inTransaction } from './transaction';

interface TableRow {
  rollover_id: string;
  amount_cents: number;
  status: string;
  custodians: number;
  participants: boolean;
  accounts: number;
  financial_breakdowns: boolean;
  transfer_events: boolean;
  blockchain_transactions: boolean;
  token_movements: boolean;
  transfer_status_history: boolean;
  audit_logs: boolean;
}

interface MonthlyRow {
  custodian_id: string;
  stored_count: number | null;
  stored_volume: number | null;
  stored_avg: number | null;
  fresh_count: number;
  fresh_volume: number;
  fresh_avg: number | null;
  includes_transfer: boolean;
}

const TABLES_SQL = `
  SELECT t.rollover_id, t.amount_cents, t.status,
    (SELECT count(*) FROM custodian WHERE id = ANY($2::text[]))::int AS custodians,
    EXISTS (SELECT 1 FROM participant WHERE id = t.participant_id) AS participants,
    (SELECT count(*) FROM account WHERE id IN (t.source_account_id, t.destination_account_id))::int AS accounts,
    EXISTS (SELECT 1 FROM financial_breakdown WHERE transfer_id = t.id) AS financial_breakdowns,
    EXISTS (SELECT 1 FROM transfer_event WHERE transfer_id = t.id) AS transfer_events,
    EXISTS (SELECT 1 FROM blockchain_transaction WHERE transfer_id = t.id) AS blockchain_transactions,
    EXISTS (SELECT 1 FROM token_movement WHERE transfer_id = t.id) AS token_movements,
    EXISTS (SELECT 1 FROM transfer_status_history WHERE transfer_id = t.id) AS transfer_status_history,
    EXISTS (SELECT 1 FROM audit_log WHERE entity_type = 'transfer' AND entity_id = t.id) AS audit_logs
  FROM transfer t WHERE t.id = $1`;

const month = windowBounds('$2::date', WINDOW_UNITS.monthly.length);
const MONTHLY_SQL = `
  SELECT c.custodian_id,
    a.completed_count AS stored_count, a.volume_cents AS stored_volume, a.avg_completion_ms AS stored_avg,
    f.completed_count AS fresh_count, f.volume_cents AS fresh_volume, f.avg_completion_ms AS fresh_avg, f.includes_transfer
  FROM unnest($1::text[]) AS c(custodian_id)
  LEFT JOIN analytics_time_series a
    ON a.custodian_id = c.custodian_id AND a.granularity = 'monthly' AND a.period_start = $2::date
  CROSS JOIN ${windowFigures('c.custodian_id', month.start, month.end, '$3::text')} AS f`;

const monthStart = (at: Date): string => `${at.toISOString().slice(0, 7)}-01`;

export async function readBack(pool: Pool, rollover: RolloverAggregate): Promise<ReadBack> {
  const custodianIds = [...new Set([rollover.sourceCustodianId, rollover.destinationCustodianId])];
  // One connection, one snapshot: a delivery holds at most one connection at a time (the budget in
  // docs/scaling.md counts one), and the tables and the monthly figures are read as of one instant.
  const [tables, monthly] = await inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const t = await client.query<TableRow>(TABLES_SQL, [rollover.transferId, custodianIds]);
    const m = await client.query<MonthlyRow>(MONTHLY_SQL, [
      custodianIds,
      monthStart(rollover.completedAt),
      rollover.transferId,
    ]);
    return [t, m] as const;
  });
  const t = tables.rows[0];
  const months: MonthlyReadBack[] = monthly.rows.map((r) => ({
    custodianId: r.custodian_id,
    stored:
      r.stored_count === null
        ? null
        : { completedCount: r.stored_count, volumeCents: r.stored_volume ?? 0, avgCompletionMs: r.stored_avg },
    fresh: { completedCount: r.fresh_count, volumeCents: r.fresh_volume, avgCompletionMs: r.fresh_avg },
    includesTransfer: r.includes_transfer,
  }));
  const accountIds = new Set([rollover.sourceAccount.accountId, rollover.destinationAccount.accountId]);
  const present: [string, boolean][] = t
    ? [
        ['custodians', t.custodians === custodianIds.length],
        ['participants', t.participants],
        ['accounts', t.accounts === accountIds.size],
        ['transfers', true],
        ['financial_breakdowns', t.financial_breakdowns],
        ['transfer_events', t.transfer_events],
        ['blockchain_transactions', t.blockchain_transactions],
        ['token_movements', t.token_movements],
        ['transfer_status_history', t.transfer_status_history],
        ['audit_logs', t.audit_logs],
        ['analytics_time_series', months.every((m) => m.stored !== null)],
      ]
    : [];
  return {
    transferCompleted: t?.status === 'completed',
    transfer: t ? { rolloverId: t.rollover_id, amountCents: t.amount_cents } : null,
    tablesPopulated: present.filter(([, has]) => has).map(([name]) => name),
    monthly: months,
  };
}
