// Phase 2 and 3 writes: upserts on natural keys, so writing the same rollover twice leaves the
// same rows, and writing a corrected rollover (a reprocess) replaces them: the transfer takes the
// corrected values, parties included, and child rows the events no longer hold are deleted.
// Transfer.status is never set here (phase 4 owns it), so a replay cannot regress it.
// A transfer belongs to its rollover and an account to its custodian: a rollover naming another's
// row gets an OwnershipConflictError and its transaction writes nothing.
import type { PoolClient } from 'pg';
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

export async function upsertParties(client: PoolClient, r: RolloverAggregate): Promise<void> {
  await client.query(
    'INSERT INTO custodian (id, created_at, updated_at) SELECT unnest($1::text[]), now(), now() ON CONFLICT (id) DO NOTHING',
    [[...new Set([r.sourceCustodianId, r.destinationCustodianId])]],
  );
  await client.query(
    `INSERT INTO participant (id, full_name, created_at) VALUES ($1, $2, now())
     ON CONFLICT (id) DO UPDATE SET full_name = coalesce(EXCLUDED.full_name, participant.full_name)
     WHERE participant.full_name IS DISTINCT FROM coalesce(EXCLUDED.full_name, participant.full_name)`,
    [r.participant.participantId, r.participant.fullName],
  );
  await client.query(
    `INSERT INTO account (id, custodian_id, participant_id, account_type, last4)
     VALUES ($1, $2, $5, $3, $4), ($6, $7, $5, $8, $9)
     ON CONFLICT (id) DO UPDATE SET account_type = EXCLUDED.account_type, last4 = coalesce(EXCLUDED.last4, account.last4)
     WHERE account.custodian_id = EXCLUDED.custodian_id
       AND (account.account_type, account.last4) IS DISTINCT FROM (EXCLUDED.account_type, coalesce(EXCLUDED.last4, account.last4))`,
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
    ],
  );
  // The guarded upsert above never moves an account to another custodian; this says why nothing was written.
  const { rows } = await client.query<{ id: string; custodian_id: string }>(
    'SELECT id, custodian_id FROM account WHERE id = ANY($1::text[])',
    [[r.sourceAccount.accountId, r.destinationAccount.accountId]],
  );
  for (const [accountId, custodianId] of [
    [r.sourceAccount.accountId, r.sourceCustodianId],
    [r.destinationAccount.accountId, r.destinationCustodianId],
  ] as const) {
    const owner = rows.find((row) => row.id === accountId)?.custodian_id;
    if (owner !== undefined && owner !== custodianId)
      throw new OwnershipConflictError('account', accountId, owner, custodianId);
  }
}

/** `replacing`: the transfer was there before, so child rows the rollover no longer has are deleted. */
export async function upsertTransfer(client: PoolClient, r: RolloverAggregate, replacing = true): Promise<void> {
  await upsertTransferRow(client, r);
  await upsertFinancialBreakdown(client, r, replacing);
  await upsertLineage(client, r, replacing);
}

/** The transfer row itself, only where it is this rollover's; an OwnershipConflictError where it is another's. */
async function upsertTransferRow(client: PoolClient, r: RolloverAggregate): Promise<void> {
  await client.query(
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
       AND transfer.rollover_id = EXCLUDED.rollover_id`,
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
  // The upsert above only updates this rollover's own transfer; another rollover's stays as it was.
  const owner = (
    await client.query<{ rollover_id: string }>('SELECT rollover_id FROM transfer WHERE id = $1', [r.transferId])
  ).rows[0]?.rollover_id;
  if (owner !== r.rolloverId)
    throw new OwnershipConflictError('transfer', r.transferId, owner ?? '(none)', r.rolloverId);
}

async function upsertFinancialBreakdown(client: PoolClient, r: RolloverAggregate, replacing: boolean): Promise<void> {
  if (!r.financialBreakdown) {
    // A correction may drop what an earlier load wrote; a first load has nothing to delete.
    if (replacing) await client.query('DELETE FROM financial_breakdown WHERE transfer_id = $1', [r.transferId]);
  } else {
    const b = r.financialBreakdown;
    await client.query(
      `INSERT INTO financial_breakdown (transfer_id, pre_tax_cents, roth_cents, after_tax_cents, employer_match_cents)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (transfer_id) DO UPDATE SET pre_tax_cents = EXCLUDED.pre_tax_cents, roth_cents = EXCLUDED.roth_cents,
         after_tax_cents = EXCLUDED.after_tax_cents, employer_match_cents = EXCLUDED.employer_match_cents`,
      [r.transferId, b.preTaxCents, b.rothCents, b.afterTaxCents, b.employerMatchCents],
    );
  }
}

async function upsertLineage(client: PoolClient, r: RolloverAggregate, replacing: boolean): Promise<void> {
  // The lineage is the rollover's events as read now: rows of events it no longer has go.
  if (replacing)
    await client.query('DELETE FROM transfer_event WHERE transfer_id = $1 AND NOT (event_id = ANY($2::text[]))', [
      r.transferId,
      r.events.map((e) => e.eventId),
    ]);
  await client.query(
    `INSERT INTO transfer_event (event_id, transfer_id, event_type, occurred_at, user_id, source)
     SELECT e.event_id, $1, e.event_type, e.occurred_at, e.user_id, e.source
     FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS e(event_id, event_type, occurred_at, user_id, source)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      r.transferId,
      r.events.map((e) => e.eventId),
      r.events.map((e) => e.eventType),
      r.events.map((e) => e.occurredAt),
      r.events.map((e) => e.userId),
      r.events.map((e) => e.source),
    ],
  );
}

export async function upsertChain(client: PoolClient, r: RolloverAggregate): Promise<void> {
  // Replaces, not only adds: chain rows of events the rollover no longer has go (one round trip).
  await client.query(
    `WITH txs AS (DELETE FROM blockchain_transaction WHERE transfer_id = $1 AND NOT (id = ANY($2::text[])))
     DELETE FROM token_movement WHERE transfer_id = $1 AND NOT (id = ANY($3::text[]))`,
    [r.transferId, r.blockchainTransactions.map((t) => t.eventId), r.tokenMovements.map((m) => m.eventId)],
  );
  if (r.blockchainTransactions.length > 0) {
    const txs = r.blockchainTransactions;
    await client.query(
      `INSERT INTO blockchain_transaction (id, transfer_id, network, tx_hash, block_number, recorded_at)
       SELECT t.id, $1, t.network, t.tx_hash, t.block_number, t.recorded_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) AS t(id, network, tx_hash, block_number, recorded_at)
       ON CONFLICT (id) DO NOTHING`,
      [
        r.transferId,
        txs.map((t) => t.eventId),
        txs.map((t) => t.network),
        txs.map((t) => t.txHash),
        txs.map((t) => t.blockNumber),
        txs.map((t) => t.recordedAt),
      ],
    );
  }
  if (r.tokenMovements.length > 0) {
    const moves = r.tokenMovements;
    await client.query(
      `INSERT INTO token_movement (id, transfer_id, token_id, kind, amount_cents, occurred_at)
       SELECT m.id, $1, m.token_id, m.kind, m.amount_cents, m.occurred_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) AS m(id, token_id, kind, amount_cents, occurred_at)
       ON CONFLICT (id) DO NOTHING`,
      [
        r.transferId,
        moves.map((m) => m.eventId),
        moves.map((m) => m.tokenId),
        moves.map((m) => m.kind),
        moves.map((m) => m.amountCents),
        moves.map((m) => m.occurredAt),
      ],
    );
  }
}
