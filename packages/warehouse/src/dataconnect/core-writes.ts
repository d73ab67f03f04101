// Phase 2 through the connector: Custodian, Participant, Account, Transfer, FinancialBreakdown and
// TransferEvent, with the ownership checks and, for a correction, the rebuild of the windows that
// counted the old values.
import type { AccountRef, CountedAt, RevisedFrom, RolloverAggregate } from '../port';
import { correctionWindows } from '../correction';
import { OwnershipConflictError } from '../errors';
import { recomputeWindow } from './analytics';
import type { Connector } from './connector';
import type { VariablesOf } from './operations';
import { int64, readInt, timestamp } from './wire';

interface CoreOwners {
  /** The stored transfer; the other fields say what the analytics counted it as (a replay's reply may omit them). */
  transfer: {
    rolloverId: string;
    status?: string;
    sourceCustodianId?: string;
    destinationCustodianId?: string;
    completedAt?: string | null;
    amountCents?: string | number;
    durationMs?: string | number | null;
  } | null;
  sourceAccount: { custodianId: string } | null;
  destinationAccount: { custodianId: string } | null;
}

/** The rows phase 2 may find absent and insert: the transfer and two accounts. */
const CORE_ROWS = 3;

/**
 * Where and when the analytics counted the stored transfer, if they did (it is completed) and the
 * corrected rollover is counted differently: a run finished before runs recorded the completion
 * time has no revisedFrom to say so. A retry after a crash past the transfer's update finds it
 * already corrected (null here): only the run's revisedFrom names the old windows then.
 */
function countedElsewhere(stored: CoreOwners['transfer'], r: RolloverAggregate): CountedAt | null {
  if (
    stored?.status !== 'completed' ||
    !stored.completedAt ||
    !stored.sourceCustodianId ||
    !stored.destinationCustodianId
  )
    return null;
  const at = new Date(stored.completedAt);
  const same =
    stored.sourceCustodianId === r.sourceCustodianId &&
    stored.destinationCustodianId === r.destinationCustodianId &&
    at.getTime() === r.completedAt.getTime() &&
    readInt(stored.amountCents) === r.amountCents &&
    readInt(stored.durationMs ?? 0) === r.durationMs;
  return same
    ? null
    : {
        sourceCustodianId: stored.sourceCustodianId,
        destinationCustodianId: stored.destinationCustodianId,
        completedAt: at,
      };
}

/** Whether a row absent from the first read is present in the second. */
const appeared = (before: CoreOwners, after: CoreOwners): boolean =>
  (['transfer', 'sourceAccount', 'destinationAccount'] as const).some((row) => !before[row] && after[row]);

/** The variables of InsertTransferCore and UpdateTransferCore. The status is never sent: phase 4 owns it. */
function coreVariables(r: RolloverAggregate): VariablesOf<'InsertTransferCore'> {
  return {
    transferId: r.transferId,
    rolloverId: r.rolloverId,
    sourceCustodianId: r.sourceCustodianId,
    destinationCustodianId: r.destinationCustodianId,
    participantId: r.participant.participantId,
    // Left out when unknown, so a name or last4 learned from another rollover is kept.
    participantFullName: r.participant.fullName ?? undefined,
    sourceAccountId: r.sourceAccount.accountId,
    sourceAccountType: r.sourceAccount.accountType,
    sourceAccountLast4: r.sourceAccount.last4 ?? undefined,
    destinationAccountId: r.destinationAccount.accountId,
    destinationAccountType: r.destinationAccount.accountType,
    destinationAccountLast4: r.destinationAccount.last4 ?? undefined,
    requestedAmountCents: int64(r.requestedAmountCents),
    amountCents: int64(r.amountCents),
    fundsSentAmountCents: int64(r.fundsSent?.amountCents),
    fundsSentMethod: r.fundsSent?.method ?? null,
    fundsSentAt: timestamp(r.fundsSent?.at),
    fundsReceivedAmountCents: int64(r.fundsReceived?.amountCents),
    fundsReceivedAt: timestamp(r.fundsReceived?.at),
    initiatedAt: timestamp(r.initiatedAt),
    completedAt: timestamp(r.completedAt),
    durationMs: int64(r.durationMs),
    events: r.events.map((e) => ({
      eventId: e.eventId,
      transferId: r.transferId,
      eventType: e.eventType,
      occurredAt: timestamp(e.occurredAt),
      userId: e.userId,
      source: e.source,
    })),
  };
}

/** Who holds the transfer and both accounts now; an OwnershipConflictError when one is someone else's. */
async function readOwners(dc: Connector, r: RolloverAggregate): Promise<CoreOwners> {
  const owners = await dc.query<CoreOwners, 'GetCoreOwners'>('GetCoreOwners', {
    transferId: r.transferId,
    sourceAccountId: r.sourceAccount.accountId,
    destinationAccountId: r.destinationAccount.accountId,
  });
  if (owners.transfer && owners.transfer.rolloverId !== r.rolloverId)
    throw new OwnershipConflictError('transfer', r.transferId, owners.transfer.rolloverId, r.rolloverId);
  for (const [account, ref, custodianId] of [
    [owners.sourceAccount, r.sourceAccount, r.sourceCustodianId],
    [owners.destinationAccount, r.destinationAccount, r.destinationCustodianId],
  ] as const) {
    if (account && account.custodianId !== custodianId)
      throw new OwnershipConflictError('account', ref.accountId, account.custodianId, custodianId);
  }
  return owners;
}

/** The accounts the owners read found absent, then the transfer: inserted when absent, else updated where ours. */
async function writeCoreRows(dc: Connector, r: RolloverAggregate, owners: CoreOwners): Promise<void> {
  const absent = new Map<string, [AccountRef, string]>();
  if (!owners.sourceAccount) absent.set(r.sourceAccount.accountId, [r.sourceAccount, r.sourceCustodianId]);
  if (!owners.destinationAccount)
    absent.set(r.destinationAccount.accountId, [r.destinationAccount, r.destinationCustodianId]);
  for (const [account, custodianId] of absent.values()) {
    await dc.mutate('InsertAccount', {
      accountId: account.accountId,
      custodianId,
      participantId: r.participant.participantId,
      accountType: account.accountType,
      last4: account.last4 ?? undefined,
    });
  }
  await dc.mutate(owners.transfer ? 'UpdateTransferCore' : 'InsertTransferCore', coreVariables(r));
}

/**
 * A row absent from the owners read is inserted, never upserted, so that when two writers both
 * read it absent the second fails on the key instead of overwriting the first. That failure is
 * then named by reading the owners again: someone else's row is an OwnershipConflictError; a row
 * this same rollover inserted meanwhile (a redelivered twin) is ours, and the write is redone as
 * an update. Each redo needs a row that appeared since the last read, so there are at most three.
 * Returns the owners as they were before the rows were written.
 */
async function insertOrUpdateCore(dc: Connector, r: RolloverAggregate): Promise<CoreOwners> {
  let owners = await readOwners(dc, r);
  for (let redo = 0; ; redo += 1) {
    try {
      await writeCoreRows(dc, r, owners);
      return owners;
    } catch (error) {
      const now = await readOwners(dc, r);
      if (redo >= CORE_ROWS || !appeared(owners, now)) throw error;
      owners = now;
    }
  }
}

export async function writeCore(dc: Connector, r: RolloverAggregate, revisedFrom: RevisedFrom | null): Promise<void> {
  const stored = (await insertOrUpdateCore(dc, r)).transfer;
  if (stored) {
    // Loaded before: a reprocess replaces the rows, so those the events no longer hold go.
    await dc.mutate('DeleteStaleTransferRows', {
      transferId: r.transferId,
      eventIds: r.events.map((e) => e.eventId),
      blockchainTransactionIds: r.blockchainTransactions.map((t) => t.eventId),
      tokenMovementIds: r.tokenMovements.map((m) => m.eventId),
    });
    if (!r.financialBreakdown) await dc.mutate('DeleteFinancialBreakdown', { transferId: r.transferId });
  }
  // A correction: the windows that counted the old values lose them, for the old custodians too.
  // The old values come from the run's record (revisedFrom) on every attempt, since these writes
  // are separate requests: a worker that died after the transfer's update leaves its retry only
  // that record to find them by. Each window is a verified write; rebuilding one twice is harmless.
  const previous = [revisedFrom, countedElsewhere(stored, r)].filter((p) => p !== null);
  const rebuild = correctionWindows(previous, r);
  for (const custodianId of rebuild?.custodianIds ?? [])
    for (const { granularity, periodStart } of rebuild?.windows ?? [])
      await recomputeWindow(dc, custodianId, granularity, new Date(`${periodStart}T00:00:00Z`));
  if (r.financialBreakdown) {
    const b = r.financialBreakdown;
    await dc.mutate('UpsertFinancialBreakdown', {
      transferId: r.transferId,
      preTaxCents: int64(b.preTaxCents),
      rothCents: int64(b.rothCents),
      afterTaxCents: int64(b.afterTaxCents),
      employerMatchCents: int64(b.employerMatchCents),
    });
  }
}
