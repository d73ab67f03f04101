// The `dataconnect` adapter (production default): the port through firebase-admin/data-connect,
// running the `etl` connector's named operations (dataconnect/etl/*.gql, listed in operations.ts)
// with executeQuery/executeMutation. Without impersonation the Admin SDK bypasses @auth, so the
// NO_ACCESS operations are reachable from the server and nowhere else.
import { getApps, initializeApp } from 'firebase-admin/app';
import { getDataConnect, type DataConnect } from 'firebase-admin/data-connect';
import type { MonthlySummary } from '@trustrails/contracts';
import type {
  EtlRunRecord,
  MarkCompletedContext,
  ReaggregateInput,
  ReadBack,
  RolloverAggregate,
  Warehouse,
} from '../port';
import { windowOf, type Granularity } from '../windows';
import type { MutationName, QueryName, VariablesOf } from './operations';
import { readBack } from './read-back';
import { int64, readInt, timestamp } from './wire';

export interface DataConnectConfig {
  serviceId: string;
  location: string;
  connector: string;
}

interface WindowStats {
  current: {
    completedCount: number;
    volumeCents: string;
    avgCompletionMs: number | null;
    inboundCount: number;
    outboundCount: number;
  } | null;
  all: { _count: number; amountCents_sum: string | null; durationMs_avg: number | null }[];
  inbound: { _count: number }[];
  outbound: { _count: number }[];
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

  async writeCore(r: RolloverAggregate): Promise<void> {
    // Phase 4 owns the status. Data Connect's upsert writes every field it is given, so carry the
    // stored status forward; one rollover's phases never run concurrently (the run lease).
    const existing = await this.query<{ transfer: { status: string } | null }, 'GetTransferStatus'>(
      'GetTransferStatus',
      { transferId: r.transferId },
    );
    await this.mutate('UpsertTransferCore', {
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
      status: existing.transfer?.status ?? 'processing',
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
    });
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
   * whether the row changed. Data Connect has no advisory lock, so two workers recomputing one
   * custodian at the same instant can race and leave a stale row; the scheduled re-aggregation
   * (every 15 minutes) rebuilds it. The postgres adapter serialises with pg_advisory_xact_lock.
   */
  private async recomputeWindow(custodianId: string, granularity: Granularity, at: Date): Promise<boolean> {
    const window = windowOf(granularity, at);
    const stats = await this.query<WindowStats, 'GetCustodianWindowStats'>('GetCustodianWindowStats', {
      custodianId,
      granularity,
      periodStart: window.periodStart,
      from: window.start.toISOString(),
      to: window.end.toISOString(),
    });
    const all = stats.all[0];
    const completedCount = readInt(all?._count);
    const next = {
      completedCount,
      volumeCents: readInt(all?.amountCents_sum),
      avgCompletionMs: completedCount > 0 && all?.durationMs_avg != null ? Number(all.durationMs_avg) : null,
      inboundCount: readInt(stats.inbound[0]?._count),
      outboundCount: readInt(stats.outbound[0]?._count),
    };
    const current = stats.current;
    // Unchanged rows are not rewritten, so updatedAt (the cards' asOf) moves only with the figures.
    if (
      current &&
      readInt(current.completedCount) === next.completedCount &&
      readInt(current.volumeCents) === next.volumeCents &&
      (current.avgCompletionMs ?? null) === next.avgCompletionMs &&
      readInt(current.inboundCount) === next.inboundCount &&
      readInt(current.outboundCount) === next.outboundCount
    ) {
      return false;
    }
    await this.mutate('UpsertAnalyticsRow', {
      custodianId,
      granularity,
      periodStart: window.periodStart,
      ...next,
      volumeCents: int64(next.volumeCents),
    });
    return true;
  }

  async refreshAnalytics(custodianIds: string[], at: Date): Promise<void> {
    for (const custodianId of [...new Set(custodianIds)].sort()) {
      await this.recomputeWindow(custodianId, 'daily', at);
      await this.recomputeWindow(custodianId, 'monthly', at);
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

  readBack(rollover: RolloverAggregate): Promise<ReadBack> {
    return readBack((name, variables) => this.query(name, variables), rollover);
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

  async close(): Promise<void> {
    // The Admin SDK owns its HTTP agent and app; nothing here belongs to this adapter.
  }
}
