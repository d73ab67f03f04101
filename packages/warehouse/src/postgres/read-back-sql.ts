// Phase 6's read-back on PostgreSQL: the rollover's rows in every table phases 2 to 4 write, and
// for each custodian every window phase 5 refreshed (and a reprocess's old windows) beside the same
// figures recounted from completed transfers. One statement, so one round trip and one snapshot: a
// mismatch means a row is short or wrong, not that time passed between two reads.
import type { Pool } from 'pg';
import type { ReadBack, RevisedFrom, RolloverAggregate, StoredRows, StoredTransfer, WindowReadBack } from '../port';
import { accountsOf, assembleReadBack, custodiansOf, readBackWindows, revisedReadBackWindows } from '../read-back';
import type { Granularity } from '../windows';
import { GRANULARITY_SQL } from '../windows';
import { windowFigures } from './analytics-sql';

/** An instant as epoch milliseconds, the unit the read-back compares in. */
const ms = (column: string) => `round(extract(epoch FROM ${column}) * 1000)::bigint`;

/** Rows of a table as a JSON array (never null), each row the object `fields` builds. */
const rowsOf = (fields: string, from: string) =>
  `(SELECT coalesce(json_agg(json_build_object(${fields})), '[]') ${from})`;

// The windows' bounds as upsertWindowSet (analytics-sql.ts) writes them.
const start = `(w.period_start::timestamp AT TIME ZONE 'UTC')`;
const end = `((w.period_start + w.length)::timestamp AT TIME ZONE 'UTC')`;

const READ_BACK_SQL = `
  WITH windows AS (
    SELECT w.n, w.custodian_id, w.granularity, to_char(w.period_start, 'YYYY-MM-DD') AS period_start,
      a.completed_count AS stored_count, a.volume_cents AS stored_volume, a.avg_completion_ms AS stored_avg,
      a.inbound_count AS stored_inbound, a.outbound_count AS stored_outbound,
      f.completed_count AS fresh_count, f.volume_cents AS fresh_volume, f.avg_completion_ms AS fresh_avg,
      f.inbound_count AS fresh_inbound, f.outbound_count AS fresh_outbound, f.includes_transfer
    FROM unnest($2::text[], $3::text[], $4::date[], $5::interval[])
      WITH ORDINALITY AS w(custodian_id, granularity, period_start, length, n)
    LEFT JOIN analytics_time_series a
      ON a.custodian_id = w.custodian_id AND a.granularity = w.granularity AND a.period_start = w.period_start
    CROSS JOIN ${windowFigures('w.custodian_id', start, end, '$1::text')} AS f
  )
  SELECT
    (SELECT json_build_object(
       'rolloverId', rollover_id, 'status', status,
       'sourceCustodianId', source_custodian_id, 'destinationCustodianId', destination_custodian_id,
       'participantId', participant_id, 'sourceAccountId', source_account_id, 'destinationAccountId', destination_account_id,
       'requestedAmountCents', requested_amount_cents, 'amountCents', amount_cents,
       'fundsSentAmountCents', funds_sent_amount_cents, 'fundsSentMethod', funds_sent_method, 'fundsSentAt', ${ms('funds_sent_at')},
       'fundsReceivedAmountCents', funds_received_amount_cents, 'fundsReceivedAt', ${ms('funds_received_at')},
       'initiatedAt', ${ms('initiated_at')}, 'completedAt', ${ms('completed_at')}, 'durationMs', duration_ms)
     FROM transfer WHERE id = $1) AS transfer,
    (SELECT count(*) FROM custodian WHERE id = ANY($8::text[]))::int AS custodians,
    (SELECT count(*) FROM participant WHERE id = $6)::int AS participants,
    ${rowsOf(`'id', id, 'custodianId', custodian_id`, 'FROM account WHERE id = ANY($7::text[])')} AS accounts,
    ${rowsOf(
      `'preTaxCents', pre_tax_cents, 'rothCents', roth_cents, 'afterTaxCents', after_tax_cents, 'employerMatchCents', employer_match_cents`,
      'FROM financial_breakdown WHERE transfer_id = $1',
    )} AS financial_breakdowns,
    ${rowsOf(
      `'eventId', event_id, 'eventType', event_type, 'occurredAt', ${ms('occurred_at')}`,
      'FROM transfer_event WHERE transfer_id = $1',
    )} AS transfer_events,
    ${rowsOf(
      `'id', id, 'network', network, 'txHash', tx_hash, 'blockNumber', block_number, 'recordedAt', ${ms('recorded_at')}`,
      'FROM blockchain_transaction WHERE transfer_id = $1',
    )} AS blockchain_transactions,
    ${rowsOf(
      `'id', id, 'tokenId', token_id, 'kind', kind, 'amountCents', amount_cents, 'occurredAt', ${ms('occurred_at')}`,
      'FROM token_movement WHERE transfer_id = $1',
    )} AS token_movements,
    ${rowsOf(`'status', status, 'changedAt', ${ms('changed_at')}`, 'FROM transfer_status_history WHERE transfer_id = $1')}
      AS transfer_status_history,
    ${rowsOf(
      `'action', action, 'rolloverId', details->>'rolloverId'`,
      `FROM audit_log WHERE entity_type = 'transfer' AND entity_id = $1`,
    )} AS audit_logs,
    (SELECT coalesce(json_agg(windows ORDER BY n), '[]') FROM windows) AS windows`;

interface ReadBackRow {
  transfer: StoredTransfer | null;
  custodians: number;
  participants: number;
  accounts: StoredRows['accounts'];
  financial_breakdowns: StoredRows['financialBreakdowns'];
  transfer_events: StoredRows['transferEvents'];
  blockchain_transactions: StoredRows['blockchainTransactions'];
  token_movements: StoredRows['tokenMovements'];
  transfer_status_history: StoredRows['transferStatusHistory'];
  audit_logs: StoredRows['auditLogs'];
  windows: {
    custodian_id: string;
    granularity: Granularity;
    period_start: string;
    stored_count: number | null;
    stored_volume: number | null;
    stored_avg: number | null;
    stored_inbound: number | null;
    stored_outbound: number | null;
    fresh_count: number;
    fresh_volume: number;
    fresh_avg: number | null;
    fresh_inbound: number;
    fresh_outbound: number;
    includes_transfer: boolean;
  }[];
}

export async function readBack(
  pool: Pool,
  rollover: RolloverAggregate,
  revisedFrom: RevisedFrom | null,
): Promise<ReadBack> {
  // The current windows, then the old ones, read in that order (ordinality) in the one statement.
  const current = readBackWindows(rollover);
  const asked = [...current, ...revisedReadBackWindows(rollover, revisedFrom)];
  const { rows } = await pool.query<ReadBackRow>(READ_BACK_SQL, [
    rollover.transferId,
    asked.map((w) => w.custodianId),
    asked.map((w) => w.granularity),
    asked.map((w) => w.periodStart),
    asked.map((w) => GRANULARITY_SQL[w.granularity].length),
    rollover.participant.participantId,
    accountsOf(rollover),
    custodiansOf(rollover),
  ]);
  const r = rows[0]!;
  const windows: WindowReadBack[] = r.windows.map((w) => ({
    custodianId: w.custodian_id,
    granularity: w.granularity,
    periodStart: w.period_start,
    stored:
      w.stored_count === null
        ? null
        : {
            completedCount: w.stored_count,
            volumeCents: w.stored_volume ?? 0,
            avgCompletionMs: w.stored_avg,
            inboundCount: w.stored_inbound ?? 0,
            outboundCount: w.stored_outbound ?? 0,
          },
    fresh: {
      completedCount: w.fresh_count,
      volumeCents: w.fresh_volume,
      avgCompletionMs: w.fresh_avg,
      inboundCount: w.fresh_inbound,
      outboundCount: w.fresh_outbound,
    },
    includesTransfer: w.includes_transfer,
  }));
  return assembleReadBack(
    rollover,
    r.transfer,
    {
      custodians: r.custodians,
      participants: r.participants,
      accounts: r.accounts,
      financialBreakdowns: r.financial_breakdowns,
      transferEvents: r.transfer_events,
      blockchainTransactions: r.blockchain_transactions,
      tokenMovements: r.token_movements,
      transferStatusHistory: r.transfer_status_history,
      auditLogs: r.audit_logs,
    },
    windows.slice(0, current.length),
    windows.slice(current.length),
  );
}
