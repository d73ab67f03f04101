// Phase 2 and 3 writes: upserts on natural keys, so writing the same rollover twice leaves the
// same rows, and writing a corrected rollover (a reprocess) replaces them: the transfer takes the
// corrected values, parties included, and child rows the events no longer hold are deleted.
// Transfer.status is never set here (phase 4 owns it), so a replay cannot regress it.
// A transfer belongs to its rollover and an account to its custodian: a rollover naming another's
// row gets an OwnershipConflictError and its transaction writes nothing.
import type { Pool, PoolClient } from 'pg';
import { OwnershipConflictError } from '../errors';
import type { RolloverAggregate } from '../port';

/** What the analytics counted for a transfer before this write: where, when and how much. */
export interface CountedTransfer {
  sourceCustodianId: string;
  destinationCustodianId: string;
  completedAt: Date;
  amountCents: number;
  durationMs: number;
}

/**
 * This rollover's transfer as stored, locked until the transaction ends (a twin delivery's write
 * waits, then reads what this one wrote); null when there is none yet. `counted` says whether the
 * analytics count it (it is completed), so a correction must re-aggregate where it was counted.
 */
export async function lockOwnTransfer(
  client: PoolClient,
  r: RolloverAggregate,
): Promise<{ counted: CountedTransfer | null } | null> {
  const { rows } = await client.query<{
    source_custodian_id: string;
    destination_custodian_id: string;
    completed_at: Date | null;
    amount_cents: number;
    duration_ms: number | null;
    status: string;
  }>(
    `SELECT source_custodian_id, destination_custodian_id, completed_at, amount_cents, duration_ms, status
       FROM transfer WHERE id = $1 AND rollover_id = $2 FOR UPDATE`,
    [r.transferId, r.rolloverId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.status !== 'completed' || row.completed_at === null) return { counted: null };
  return {
    counted: {
      sourceCustodianId: row.source_custodian_id,
      destinationCustodianId: row.destination_custodian_id,
      completedAt: row.completed_at,
      amountCents: Number(row.amount_cents),
      durationMs: Number(row.duration_ms ?? 0),
    },
  };
}

/** Whether the analytics would count the corrected rollover differently from what they counted. */
export const countedDifferently = (was: CountedTransfer, r: RolloverAggregate): boolean =>
  was.sourceCustodianId !== r.sourceCustodianId ||
  was.destinationCustodianId !== r.destinationCustodianId ||
  was.completedAt.getTime() !== r.completedAt.getTime() ||
  was.amountCents !== r.amountCents ||
  was.durationMs !== r.durationMs;

/**
 * The custodians, the participant and the two accounts in one statement (data-modifying CTEs; the
 * accounts' foreign keys are checked at its end, after the custodian and participant rows). An
 * account upsert never moves an account to another custodian; only an account the statement did
 * not write (unchanged, or another custodian's) is read again, to say why.
 */
export async function upsertParties(client: PoolClient, r: RolloverAggregate): Promise<void> {
  const { rows: written } = await client.query<{ id: string }>(
    `WITH custodians AS (
       INSERT INTO custodian (id, created_at, updated_at) SELECT unnest($10::text[]), now(), now() ON CONFLICT (id) DO NOTHING
     ), participant_row AS (
       INSERT INTO participant (id, full_name, created_at) VALUES ($5, $11, now())
       ON CONFLICT (id) DO UPDATE SET full_name = coalesce(EXCLUDED.full_name, participant.full_name)
       WHERE participant.full_name IS DISTINCT FROM coalesce(EXCLUDED.full_name, participant.full_name)
     )
     INSERT INTO account (id, custodian_id, participant_id, account_type, last4)
     VALUES ($1, $2, $5, $3, $4), ($6, $7, $5, $8, $9)
     ON CONFLICT (id) DO UPDATE SET account_type = EXCLUDED.account_type, last4 = coalesce(EXCLUDED.last4, account.last4)
     WHERE account.custodian_id = EXCLUDED.custodian_id
       AND (account.account_type, account.last4) IS DISTINCT FROM (EXCLUDED.account_type, coalesce(EXCLUDED.last4, account.last4))
     RETURNING id`,
    [
      r.sourceAccount.accountId,
      r.sourceCustodianId,
      r.sourceAccount.accountType,
      r.sourceAccount.last4,
      r.participant.participantId,
      r.destinationAccount.accountId,
      r.destinationCustodianId,
      r.destinationAccount.accountType,
      r.destinationAccount.last4,
      [...new Set([r.sourceCustodianId, r.destinationCustodianId])],
      r.participant.fullName,
    ],
  );
  const expected = [
    [r.sourceAccount.accountId, r.sourceCustodianId],
    [r.destinationAccount.accountId, r.destinationCustodianId],
  ] as const;
  const unwritten = expected.filter(([accountId]) => !written.some((row) => row.id === accountId));
  if (unwritten.length === 0) return;
  const { rows } = await client.query<{ id: string; custodian_id: string }>(
    'SELECT id, custodian_id FROM account WHERE id = ANY($1::text[])',
    [unwritten.map(([accountId]) => accountId)],
  );
  for (const [accountId, custodianId] of unwritten) {
    const owner = rows.find((row) => row.id === accountId)?.custodian_id;
    if (owner !== undefined && owner !== custodianId)
      throw new OwnershipConflictError('account', accountId, owner, custodianId);
  }
}

/** `replacing`: the transfer was there before, so child rows the rollover no longer has are deleted. */
export async function upsertTransfer(client: PoolClient, r: RolloverAggregate, replacing = true): Promise<void> {
  await upsertTransferRow(client, r);
  await upsertChildren(client, r, replacing);
}

/** The transfer row itself, only where it is this rollover's; an OwnershipConflictError where it is another's. */
async function upsertTransferRow(client: PoolClient, r: RolloverAggregate): Promise<void> {
  const { rowCount } = await client.query(
    `INSERT INTO transfer (id, rollover_id, source_custodian_id, destination_custodian_id, participant_id,
       source_account_id, destination_account_id, requested_amount_cents, amount_cents, status,
       funds_sent_amount_cents, funds_sent_method, funds_sent_at, funds_received_amount_cents, funds_received_at,
       initiated_at, completed_at, duration_ms, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'processing', $10, $11, $12, $13, $14, $15, $16, $17, now(), now())
     ON CONFLICT (id) DO UPDATE SET
       source_custodian_id = EXCLUDED.source_custodian_id, destination_custodian_id = EXCLUDED.destination_custodian_id,
       participant_id = EXCLUDED.participant_id, source_account_id = EXCLUDED.source_account_id,
       destination_account_id = EXCLUDED.destination_account_id,
       amount_cents = EXCLUDED.amount_cents, requested_amount_cents = EXCLUDED.requested_amount_cents,
       funds_sent_amount_cents = EXCLUDED.funds_sent_amount_cents, funds_sent_method = EXCLUDED.funds_sent_method,
       funds_sent_at = EXCLUDED.funds_sent_at, funds_received_amount_cents = EXCLUDED.funds_received_amount_cents,
       funds_received_at = EXCLUDED.funds_received_at, initiated_at = EXCLUDED.initiated_at,
       completed_at = EXCLUDED.completed_at, duration_ms = EXCLUDED.duration_ms, updated_at = now()
     WHERE (transfer.source_custodian_id, transfer.destination_custodian_id, transfer.participant_id,
            transfer.source_account_id, transfer.destination_account_id,
            transfer.amount_cents, transfer.requested_amount_cents, transfer.funds_sent_amount_cents, transfer.funds_sent_method,
            transfer.funds_sent_at, transfer.funds_received_amount_cents, transfer.funds_received_at, transfer.initiated_at,
            transfer.completed_at, transfer.duration_ms)
       IS DISTINCT FROM (EXCLUDED.source_custodian_id, EXCLUDED.destination_custodian_id, EXCLUDED.participant_id,
            EXCLUDED.source_account_id, EXCLUDED.destination_account_id,
            EXCLUDED.amount_cents, EXCLUDED.requested_amount_cents, EXCLUDED.funds_sent_amount_cents, EXCLUDED.funds_sent_method,
            EXCLUDED.funds_sent_at, EXCLUDED.funds_received_amount_cents, EXCLUDED.funds_received_at, EXCLUDED.initiated_at,
            EXCLUDED.completed_at, EXCLUDED.duration_ms)
       AND transfer.rollover_id = EXCLUDED.rollover_id
     RETURNING 1`,
    [
      r.transferId,
      r.rolloverId,
      r.sourceCustodianId,
      r.destinationCustodianId,
      r.participant.participantId,
      r.sourceAccount.accountId,
      r.destinationAccount.accountId,
      r.requestedAmountCents,
      r.amountCents,
      r.fundsSent?.amountCents ?? null,
      r.fundsSent?.method ?? null,
      r.fundsSent?.at ?? null,
      r.fundsReceived?.amountCents ?? null,
      r.fundsReceived?.at ?? null,
      r.initiatedAt,
      r.completedAt,
      r.durationMs,
    ],
  );
  // A row written is this rollover's. The upsert never updates another rollover's transfer, so
  // only a row it left alone (unchanged, or another's) is read again, to say which.
  if (rowCount) return;
  const owner = (
    await client.query<{ rollover_id: string }>('SELECT rollover_id FROM transfer WHERE id = $1', [r.transferId])
  ).rows[0]?.rollover_id;
  if (owner !== r.rolloverId)
    throw new OwnershipConflictError('transfer', r.transferId, owner ?? '(none)', r.rolloverId);
}

/**
 * The transfer's financial breakdown and its lineage (one row per source event) in one statement.
 * A correction (`replacing`) may drop a breakdown an earlier load wrote, and the lineage is the
 * rollover's events as read now, so rows of events it no longer has go; a first load has nothing
 * to delete. Deleted and inserted rows are disjoint, so the statement's parts never meet.
 */
async function upsertChildren(client: PoolClient, r: RolloverAggregate, replacing: boolean): Promise<void> {
  const b = r.financialBreakdown;
  await client.query(
    `WITH breakdown_gone AS (
       DELETE FROM financial_breakdown WHERE $11::boolean AND $2::bigint IS NULL AND transfer_id = $1
     ), breakdown AS (
       INSERT INTO financial_breakdown (transfer_id, pre_tax_cents, roth_cents, after_tax_cents, employer_match_cents)
       SELECT $1, $2::bigint, $3::bigint, $4::bigint, $5::bigint WHERE $2::bigint IS NOT NULL
       ON CONFLICT (transfer_id) DO UPDATE SET pre_tax_cents = EXCLUDED.pre_tax_cents, roth_cents = EXCLUDED.roth_cents,
         after_tax_cents = EXCLUDED.after_tax_cents, employer_match_cents = EXCLUDED.employer_match_cents
     ), lineage_gone AS (
       DELETE FROM transfer_event WHERE $11::boolean AND transfer_id = $1 AND NOT (event_id = ANY($6::text[]))
     )
     INSERT INTO transfer_event (event_id, transfer_id, event_type, occurred_at, user_id, source)
     SELECT e.event_id, $1, e.event_type, e.occurred_at, e.user_id, e.source
     FROM unnest($6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[]) AS e(event_id, event_type, occurred_at, user_id, source)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      r.transferId,
      b?.preTaxCents ?? null,
      b?.rothCents ?? null,
      b?.afterTaxCents ?? null,
      b?.employerMatchCents ?? null,
      r.events.map((e) => e.eventId),
      r.events.map((e) => e.eventType),
      r.events.map((e) => e.occurredAt),
      r.events.map((e) => e.userId),
      r.events.map((e) => e.source),
      replacing,
    ],
  );
}

/**
 * Phase 3 in one statement (one round trip, atomic on its own): replaces, not only adds, so chain
 * rows of events the rollover no longer has go, and the rows it holds are inserted. The deleted
 * and the inserted ids are disjoint, so the statement's parts never touch the same row.
 */
export async function upsertChain(db: Pool, r: RolloverAggregate): Promise<void> {
  const txs = r.blockchainTransactions;
  const moves = r.tokenMovements;
  await db.query(
    `WITH gone_txs AS (
       DELETE FROM blockchain_transaction WHERE transfer_id = $1 AND NOT (id = ANY($2::text[]))
     ), gone_moves AS (
       DELETE FROM token_movement WHERE transfer_id = $1 AND NOT (id = ANY($7::text[]))
     ), new_txs AS (
       INSERT INTO blockchain_transaction (id, transfer_id, network, tx_hash, block_number, recorded_at)
       SELECT t.id, $1, t.network, t.tx_hash, t.block_number, t.recorded_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) AS t(id, network, tx_hash, block_number, recorded_at)
       ON CONFLICT (id) DO NOTHING
     )
     INSERT INTO token_movement (id, transfer_id, token_id, kind, amount_cents, occurred_at)
     SELECT m.id, $1, m.token_id, m.kind, m.amount_cents, m.occurred_at
     FROM unnest($7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[]) AS m(id, token_id, kind, amount_cents, occurred_at)
     ON CONFLICT (id) DO NOTHING`,
    [
      r.transferId,
      txs.map((t) => t.eventId),
      txs.map((t) => t.network),
      txs.map((t) => t.txHash),
      txs.map((t) => t.blockNumber),
      txs.map((t) => t.recordedAt),
      moves.map((m) => m.eventId),
      moves.map((m) => m.tokenId),
      moves.map((m) => m.kind),
      moves.map((m) => m.amountCents),
      moves.map((m) => m.occurredAt),
    ],
  );
}
