// The `dataconnect` adapter (selectable; `postgres` is the production default): the port through firebase-admin/data-connect,
// running the `etl` connector's named operations (dataconnect/etl/*.gql, listed in operations.ts)
// with executeQuery/executeMutation. Without impersonation the Admin SDK bypasses @auth, so the
// NO_ACCESS operations are reachable from the server and nowhere else.
import { getApps, initializeApp } from 'firebase-admin/app';
import { getDataConnect, type DataConnect } from 'firebase-admin/data-connect';
import { MAX_TIME_SERIES_POINTS, type MonthlySummary, type TimeSeries } from '@trustrails/contracts';
import type {
  AccountRef,
  CountedAt,
  EtlRunRecord,
  MarkCompletedContext,
  ReaggregateCustodianInput,
  ReaggregateCustodianResult,
  ReaggregateInput,
  ReadBack,
  RevisedFrom,
  RolloverAggregate,
  Warehouse,
  WindowFigures,
} from '../port';
import { correctionWindows } from '../correction';
import { OwnershipConflictError, UnsupportedByAdapterError } from '../errors';
import { assembleTimeSeries, timeSeriesPeriods, type TimeSeriesQuery } from '../time-series';
import { GRANULARITIES, windowOf, windowsOf, type Granularity } from '../windows';
import type { MutationName, QueryName, VariablesOf } from './operations';
import { readBack } from './read-back';
import { int64, readInt, timestamp } from './wire';
import { freshFigures, type WindowStats } from './window-stats';

export interface DataConnectConfig {
  serviceId: string;
  location: string;
  connector: string;
}

/** Writes per window before giving up (a retryable error): enough for a burst of concurrent writers. */
const RECOMPUTE_WRITES = 5;

function sameFigures(current: NonNullable<WindowStats['current']>, next: WindowFigures): boolean {
  return (
    readInt(current.completedCount) === next.completedCount &&
    readInt(current.volumeCents) === next.volumeCents &&
    (current.avgCompletionMs ?? null) === next.avgCompletionMs &&
    readInt(current.inboundCount) === next.inboundCount &&
    readInt(current.outboundCount) === next.outboundCount
  );
}

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

export class DataConnectWarehouse implements Warehouse {
  readonly kind = 'dataconnect' as const;
  private readonly dc: DataConnect;

  constructor(config: DataConnectConfig) {
    const app = getApps().find((a) => a.name === '[DEFAULT]') ?? initializeApp();
    this.dc = getDataConnect(
      { serviceId: config.serviceId, location: config.location, connector: config.connector },
      app,
    );
  }

  private async mutate<N extends MutationName>(name: N, variables: VariablesOf<N>): Promise<void> {
    await this.dc.executeMutation<unknown, VariablesOf<N>>(name, variables);
  }

  private async query<T, N extends QueryName>(name: N, variables: VariablesOf<N>): Promise<T> {
    return (await this.dc.executeQuery<T, VariablesOf<N>>(name, variables)).data;
  }

  /** Who holds the transfer and both accounts now; an OwnershipConflictError when one is someone else's. */
  private async owners(r: RolloverAggregate): Promise<CoreOwners> {
    const owners = await this.query<CoreOwners, 'GetCoreOwners'>('GetCoreOwners', {
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

  /**
   * A row absent from the owners read is inserted, never upserted, so that when two writers both
   * read it absent the second fails on the key instead of overwriting the first. That failure is
   * then named by reading the owners again: someone else's row is an OwnershipConflictError; a row
   * this same rollover inserted meanwhile (a redelivered twin) is ours, and the write is redone as
   * an update. Each redo needs a row that appeared since the last read, so there are at most three.
   */
  async writeCore(r: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<void> {
    let owners = await this.owners(r);
    for (let redo = 0; ; redo += 1) {
      try {
        await this.writeCoreRows(r, owners);
        break;
      } catch (error) {
        const now = await this.owners(r);
        if (redo >= CORE_ROWS || !appeared(owners, now)) throw error;
        owners = now;
      }
    }
    const stored = owners.transfer;
    if (stored) {
      // Loaded before: a reprocess replaces the rows, so those the events no longer hold go.
      await this.mutate('DeleteStaleTransferRows', {
        transferId: r.transferId,
        eventIds: r.events.map((e) => e.eventId),
        blockchainTransactionIds: r.blockchainTransactions.map((t) => t.eventId),
        tokenMovementIds: r.tokenMovements.map((m) => m.eventId),
      });
      if (!r.financialBreakdown) await this.mutate('DeleteFinancialBreakdown', { transferId: r.transferId });
    }
    // A correction: the windows that counted the old values lose them, for the old custodians too.
    // The old values come from the run's record (revisedFrom) on every attempt, since these writes
    // are separate requests: a worker that died after the transfer's update leaves its retry only
    // that record to find them by. Each window is a verified write; rebuilding one twice is harmless.
    const previous = [revisedFrom, countedElsewhere(stored, r)].filter((p) => p !== null);
    const rebuild = correctionWindows(previous, r);
    for (const custodianId of rebuild?.custodianIds ?? [])
      for (const { granularity, periodStart } of rebuild?.windows ?? [])
        await this.recomputeWindow(custodianId, granularity, new Date(`${periodStart}T00:00:00Z`));
    if (r.financialBreakdown) {
      const b = r.financialBreakdown;
      await this.mutate('UpsertFinancialBreakdown', {
        transferId: r.transferId,
        preTaxCents: int64(b.preTaxCents),
        rothCents: int64(b.rothCents),
        afterTaxCents: int64(b.afterTaxCents),
        employerMatchCents: int64(b.employerMatchCents),
      });
    }
  }

  /** The accounts the owners read found absent, then the transfer: inserted when absent, else updated where ours. */
  private async writeCoreRows(r: RolloverAggregate, owners: CoreOwners): Promise<void> {
    const absent = new Map<string, [AccountRef, string]>();
    if (!owners.sourceAccount) absent.set(r.sourceAccount.accountId, [r.sourceAccount, r.sourceCustodianId]);
    if (!owners.destinationAccount)
      absent.set(r.destinationAccount.accountId, [r.destinationAccount, r.destinationCustodianId]);
    for (const [account, custodianId] of absent.values()) {
      await this.mutate('InsertAccount', {
        accountId: account.accountId,
        custodianId,
        participantId: r.participant.participantId,
        accountType: account.accountType,
        last4: account.last4 ?? undefined,
      });
    }
    await this.mutate(owners.transfer ? 'UpdateTransferCore' : 'InsertTransferCore', coreVariables(r));
  }

  async writeChain(r: RolloverAggregate) {
    if (r.blockchainTransactions.length > 0) {
      await this.mutate('UpsertBlockchainTransactions', {
        transactions: r.blockchainTransactions.map((t) => ({
          id: t.eventId,
          transferId: r.transferId,
          network: t.network,
          txHash: t.txHash,
          blockNumber: int64(t.blockNumber),
          recordedAt: timestamp(t.recordedAt),
        })),
      });
    }
    if (r.tokenMovements.length > 0) {
      await this.mutate('UpsertTokenMovements', {
        movements: r.tokenMovements.map((m) => ({
          id: m.eventId,
          transferId: r.transferId,
          tokenId: m.tokenId,
          kind: m.kind,
          amountCents: int64(m.amountCents),
          occurredAt: timestamp(m.occurredAt),
        })),
      });
    }
    return { blockchainTransactions: r.blockchainTransactions.length, tokenMovements: r.tokenMovements.length };
  }

  async markCompleted(r: RolloverAggregate, context: MarkCompletedContext): Promise<void> {
    await this.mutate('MarkTransferCompleted', {
      transferId: r.transferId,
      historyId: `${r.transferId}:completed`,
      changedAt: timestamp(r.completedAt),
      actor: context.actor,
      auditId: `transfer:${r.transferId}:completed`,
      details: { rolloverId: r.rolloverId, attempt: context.attempt },
    });
  }

  /**
   * Recomputes one window from completed transfers (aggregate query, then upsert) and returns
   * whether the row changed. Data Connect has no advisory lock, so two writers can interleave and
   * a stale one write last; every write is therefore verified by reading the row back beside a
   * fresh count, and redone until they agree. Whoever writes last verifies last, so the row ends
   * equal to a fresh count. Unchanged rows are not rewritten: updatedAt (the cards' asOf) moves
   * only with the figures.
   */
  private async recomputeWindow(custodianId: string, granularity: Granularity, at: Date): Promise<boolean> {
    const window = windowOf(granularity, at);
    let wrote = false;
    for (let write = 0; write <= RECOMPUTE_WRITES; write += 1) {
      const stats = await this.query<WindowStats, 'GetCustodianWindowStats'>('GetCustodianWindowStats', {
        custodianId,
        granularity,
        periodStart: window.periodStart,
        from: window.start.toISOString(),
        to: window.end.toISOString(),
      });
      const next = freshFigures(stats);
      if (stats.current && sameFigures(stats.current, next)) return wrote;
      if (write === RECOMPUTE_WRITES) break;
      await this.mutate('UpsertAnalyticsRow', {
        custodianId,
        granularity,
        periodStart: window.periodStart,
        ...next,
        volumeCents: int64(next.volumeCents),
      });
      wrote = true;
    }
    throw new Error(
      `analytics ${custodianId} ${granularity} ${window.periodStart} still differs from a fresh count after ${RECOMPUTE_WRITES} writes`,
    );
  }

  async refreshAnalytics(custodianIds: string[], at: Date): Promise<void> {
    for (const custodianId of [...new Set(custodianIds)].sort()) {
      for (const granularity of GRANULARITIES) await this.recomputeWindow(custodianId, granularity, at);
    }
  }

  async listCustodianIds(): Promise<string[]> {
    const { custodians } = await this.query<{ custodians: { id: string }[] }, 'ListCustodianIds'>(
      'ListCustodianIds',
      {},
    );
    return custodians.map((c) => c.id).sort();
  }

  async reaggregateWindows(input: ReaggregateInput): Promise<{ custodians: number; rows: number }> {
    const custodians = [...new Set(input.custodianIds ?? (await this.listCustodianIds()))].sort();
    let rows = 0;
    for (const custodianId of custodians) {
      for (const granularity of input.granularities)
        if (await this.recomputeWindow(custodianId, granularity, input.at)) rows += 1;
    }
    return { custodians: custodians.length, rows };
  }

  async reaggregateCustodian(input: ReaggregateCustodianInput): Promise<ReaggregateCustodianResult> {
    // The local clock, not the service's: the caller's margin on the watermark covers the skew.
    const watermark = new Date();
    const { transfers } = await this.query<
      { transfers: { completedAt: string }[] },
      'ListTransferCompletionsChangedSince'
    >('ListTransferCompletionsChangedSince', {
      custodianId: input.custodianId,
      since: (input.changedSince ?? new Date(0)).toISOString(),
    });
    const days = [input.at, ...transfers.map((t) => new Date(t.completedAt))];
    const covered: ReaggregateCustodianResult['covered'] = [];
    let rows = 0;
    // Each window is its own verified write (Data Connect has no cross-request transaction); a
    // failure stops this custodian only, and its watermark stays where it was.
    for (const granularity of GRANULARITIES) {
      for (const periodStart of windowsOf(granularity, days)) {
        covered.push({ granularity, periodStart });
        if (await this.recomputeWindow(input.custodianId, granularity, new Date(`${periodStart}T00:00:00Z`))) rows += 1;
      }
    }
    return { windows: covered.length, covered, rows, watermark };
  }

  readBack(rollover: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<ReadBack> {
    return readBack((name, variables) => this.query(name, variables), rollover, revisedFrom);
  }

  async recordEtlRun(run: EtlRunRecord): Promise<void> {
    await this.mutate('UpsertEtlRun', {
      rolloverId: run.rolloverId,
      attempt: run.attempt,
      status: run.status,
      phaseTimingsMs: run.phaseTimingsMs,
      processingTimeMs: int64(run.processingTimeMs === null ? null : Math.round(run.processingTimeMs)),
      startedAt: timestamp(run.startedAt),
      finishedAt: timestamp(run.finishedAt),
      error: run.error,
    });
  }

  async getMonthlySummary(custodianId: string, month: string): Promise<MonthlySummary> {
    const data = await this.query<
      {
        analyticsRow: {
          completedCount: number;
          volumeCents: string;
          avgCompletionMs: number | null;
          updatedAt: string;
        } | null;
      },
      'GetMonthlySummary'
    >('GetMonthlySummary', { custodianId, periodStart: `${month}-01` });
    const row = data.analyticsRow;
    const completedCount = readInt(row?.completedCount);
    return {
      custodianId,
      month,
      completedCount,
      volumeCents: readInt(row?.volumeCents),
      avgCompletionMs: completedCount > 0 ? (row?.avgCompletionMs ?? null) : null,
      asOf: completedCount > 0 ? (row?.updatedAt ?? null) : null,
    };
  }

  async getTimeSeries(query: TimeSeriesQuery): Promise<TimeSeries> {
    const periods = timeSeriesPeriods(query, MAX_TIME_SERIES_POINTS);
    const { analyticsRows } = await this.query<
      {
        analyticsRows: {
          periodStart: string;
          completedCount: number;
          volumeCents: string;
          avgCompletionMs: number | null;
          updatedAt: string;
        }[];
      },
      'ListAnalyticsRows'
    >('ListAnalyticsRows', {
      custodianId: query.custodianId,
      granularity: query.granularity,
      from: periods[0],
      to: periods.at(-1)!,
    });
    return assembleTimeSeries(
      query,
      periods,
      analyticsRows.map((r) => ({
        periodStart: r.periodStart,
        completedCount: readInt(r.completedCount),
        volumeCents: readInt(r.volumeCents),
        avgCompletionMs: r.avgCompletionMs,
        updatedAt: new Date(r.updatedAt),
      })),
    );
  }

  async dataQuality(): Promise<never> {
    // The connector has no grouped, joined read that could count these; the postgres adapter
    // (the production default) answers it.
    throw new UnsupportedByAdapterError('dataQuality', 'dataconnect');
  }

  async close(): Promise<void> {
    // The Admin SDK owns its HTTP agent and app; nothing here belongs to this adapter.
  }
}
