// Phase 6's read-back through the connector: which tables hold the rollover's rows and whose
// transfer it is with what amount (GetTransferReadBack), and per custodian the monthly row beside its fresh recomputation from
// completed transfers (GetCustodianWindowStats, the query the recompute itself uses).
import type { MonthlyReadBack, ReadBack, RolloverAggregate } from '../port';
import { windowOf } from '../windows';
import type { QueryName, VariablesOf } from './operations';
import { readInt } from './wire';

export type RunQuery = <T, N extends QueryName>(name: N, variables: VariablesOf<N>) => Promise<T>;

type Count = { _count: number }[];

interface TransferReadBack {
  transfer: {
    rolloverId: string;
    amountCents: string;
    status: string;
    completedAt: string | null;
    sourceCustodianId: string;
    destinationCustodianId: string;
  } | null;
  custodians: Count;
  participants: Count;
  accounts: Count;
  financialBreakdowns: Count;
  transferEvents: Count;
  transferStatusHistorys: Count;
  blockchainTransactions: Count;
  tokenMovements: Count;
  auditLogs: Count;
}

interface MonthStats {
  current: { completedCount: number; volumeCents: string; avgCompletionMs: number | null } | null;
  all: { _count: number; amountCents_sum: string | null; durationMs_avg: number | null }[];
}

const count = (rows: Count): number => readInt(rows[0]?._count);

export async function readBack(query: RunQuery, rollover: RolloverAggregate): Promise<ReadBack> {
  const custodianIds = [...new Set([rollover.sourceCustodianId, rollover.destinationCustodianId])];
  const accountIds = [...new Set([rollover.sourceAccount.accountId, rollover.destinationAccount.accountId])];
  const month = windowOf('monthly', rollover.completedAt);
  const [rows, ...stats] = await Promise.all([
    query<TransferReadBack, 'GetTransferReadBack'>('GetTransferReadBack', {
      transferId: rollover.transferId,
      custodianIds,
      accountIds,
      participantId: rollover.participant.participantId,
    }),
    ...custodianIds.map((custodianId) =>
      query<MonthStats, 'GetCustodianWindowStats'>('GetCustodianWindowStats', {
        custodianId,
        granularity: 'monthly',
        periodStart: month.periodStart,
        from: month.start.toISOString(),
        to: month.end.toISOString(),
      }),
    ),
  ]);
  const t = rows.transfer;
  const completedAt = t?.completedAt ? new Date(t.completedAt).getTime() : NaN;
  const counted = (custodianId: string) =>
    t?.status === 'completed' &&
    completedAt >= month.start.getTime() &&
    completedAt < month.end.getTime() &&
    (t.sourceCustodianId === custodianId || t.destinationCustodianId === custodianId);
  const monthly: MonthlyReadBack[] = custodianIds.map((custodianId, i) => {
    const { current, all } = stats[i]!;
    const freshCount = readInt(all[0]?._count);
    return {
      custodianId,
      stored: current
        ? {
            completedCount: readInt(current.completedCount),
            volumeCents: readInt(current.volumeCents),
            avgCompletionMs: current.avgCompletionMs ?? null,
          }
        : null,
      fresh: {
        completedCount: freshCount,
        volumeCents: readInt(all[0]?.amountCents_sum),
        avgCompletionMs: freshCount > 0 && all[0]?.durationMs_avg != null ? Number(all[0].durationMs_avg) : null,
      },
      includesTransfer: counted(custodianId),
    };
  });
  const present: [string, boolean][] = t
    ? [
        ['custodians', count(rows.custodians) === custodianIds.length],
        ['participants', count(rows.participants) === 1],
        ['accounts', count(rows.accounts) === accountIds.length],
        ['transfers', true],
        ['financial_breakdowns', count(rows.financialBreakdowns) > 0],
        ['transfer_events', count(rows.transferEvents) > 0],
        ['blockchain_transactions', count(rows.blockchainTransactions) > 0],
        ['token_movements', count(rows.tokenMovements) > 0],
        ['transfer_status_history', count(rows.transferStatusHistorys) > 0],
        ['audit_logs', count(rows.auditLogs) > 0],
        ['analytics_time_series', monthly.every((m) => m.stored !== null)],
      ]
    : [];
  return {
    transferCompleted: t?.status === 'completed',
    transfer: t ? { rolloverId: t.rolloverId, amountCents: readInt(t.amountCents) } : null,
    tablesPopulated: present.filter(([, has]) => has).map(([name]) => name),
    monthly,
  };
}
