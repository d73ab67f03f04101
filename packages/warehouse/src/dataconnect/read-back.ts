// Phase 6's read-back through the connector: the rollover's rows in every table phases 2 to 4
// write (GetTransferReadBack), and per custodian every window phase 5 refreshed beside its recount
// from completed transfers (GetRolloverWindowStats, five windows a request); for a reprocess, per
// previous custodian, the previous revision's windows too. All requests in parallel: one round
// trip's latency.
import type { ReadBack, RevisedFrom, RolloverAggregate, StoredRows, StoredTransfer, WindowReadBack } from '../port';
import {
  accountsOf,
  assembleReadBack,
  custodiansOf,
  readBackWindows,
  revisedReadBackWindows,
  type ReadBackWindow,
} from '../read-back';
import { GRANULARITIES, windowOf } from '../windows';
import type { RunQuery } from './connector';
import type { VariablesOf } from './operations';
import { freshFigures, storedFigures, type WindowStats } from './window-stats';
import { readInt } from './wire';

type Int64 = string | number;
type Instant = string;

/** GetTransferReadBack's answer: Int64 as strings, instants as RFC 3339; lists absent when empty. */
interface TransferReadBack {
  transfer: {
    rolloverId: string;
    status: string;
    sourceCustodianId: string;
    destinationCustodianId: string;
    participantId: string;
    sourceAccountId: string;
    destinationAccountId: string;
    requestedAmountCents: Int64;
    amountCents: Int64;
    fundsSentAmountCents: Int64 | null;
    fundsSentMethod: string | null;
    fundsSentAt: Instant | null;
    fundsReceivedAmountCents: Int64 | null;
    fundsReceivedAt: Instant | null;
    initiatedAt: Instant;
    completedAt: Instant | null;
    durationMs: Int64 | null;
  } | null;
  custodians?: { _count: number }[];
  participants?: { _count: number }[];
  accounts?: { id: string; custodianId: string }[];
  financialBreakdowns?: {
    preTaxCents: Int64;
    rothCents: Int64;
    afterTaxCents: Int64;
    employerMatchCents: Int64 | null;
  }[];
  transferEvents?: { eventId: string; eventType: string; occurredAt: Instant }[];
  transferStatusHistorys?: { status: string; changedAt: Instant }[];
  blockchainTransactions?: {
    id: string;
    network: string;
    txHash: string;
    blockNumber: Int64 | null;
    recordedAt: Instant;
  }[];
  tokenMovements?: { id: string; tokenId: string; kind: string; amountCents: Int64; occurredAt: Instant }[];
  auditLogs?: { action: string; details: { rolloverId?: unknown } | null }[];
}

/** GetRolloverWindowStats's answer: per granularity, the four fields of one WindowStats. */
type RolloverWindowStats = Partial<Record<string, unknown>>;

const ms = (at: Instant): number => Date.parse(at);
const msOrNull = (at: Instant | null): number | null => (at === null ? null : Date.parse(at));
const intOrNull = (value: Int64 | null): number | null => (value === null ? null : readInt(value));

function storedTransfer(t: NonNullable<TransferReadBack['transfer']>): StoredTransfer {
  return {
    rolloverId: t.rolloverId,
    status: t.status,
    sourceCustodianId: t.sourceCustodianId,
    destinationCustodianId: t.destinationCustodianId,
    participantId: t.participantId,
    sourceAccountId: t.sourceAccountId,
    destinationAccountId: t.destinationAccountId,
    requestedAmountCents: readInt(t.requestedAmountCents),
    amountCents: readInt(t.amountCents),
    fundsSentAmountCents: intOrNull(t.fundsSentAmountCents),
    fundsSentMethod: t.fundsSentMethod,
    fundsSentAt: msOrNull(t.fundsSentAt),
    fundsReceivedAmountCents: intOrNull(t.fundsReceivedAmountCents),
    fundsReceivedAt: msOrNull(t.fundsReceivedAt),
    initiatedAt: ms(t.initiatedAt),
    completedAt: msOrNull(t.completedAt),
    durationMs: intOrNull(t.durationMs),
  };
}

function storedRows(answer: TransferReadBack): StoredRows {
  return {
    custodians: readInt(answer.custodians?.[0]?._count),
    participants: readInt(answer.participants?.[0]?._count),
    accounts: answer.accounts ?? [],
    financialBreakdowns: (answer.financialBreakdowns ?? []).map((b) => ({
      preTaxCents: readInt(b.preTaxCents),
      rothCents: readInt(b.rothCents),
      afterTaxCents: readInt(b.afterTaxCents),
      employerMatchCents: intOrNull(b.employerMatchCents),
    })),
    transferEvents: (answer.transferEvents ?? []).map((e) => ({ ...e, occurredAt: ms(e.occurredAt) })),
    blockchainTransactions: (answer.blockchainTransactions ?? []).map((t) => ({
      ...t,
      blockNumber: intOrNull(t.blockNumber),
      recordedAt: ms(t.recordedAt),
    })),
    tokenMovements: (answer.tokenMovements ?? []).map((m) => ({
      ...m,
      amountCents: readInt(m.amountCents),
      occurredAt: ms(m.occurredAt),
    })),
    transferStatusHistory: (answer.transferStatusHistorys ?? []).map((h) => ({
      status: h.status,
      changedAt: ms(h.changedAt),
    })),
    auditLogs: (answer.auditLogs ?? []).map((a) => ({
      action: a.action,
      rolloverId: typeof a.details?.rolloverId === 'string' ? a.details.rolloverId : null,
    })),
  };
}

/** The five windows (one per granularity) containing `at`, for one custodian, in one request. */
function windowStatsAt(query: RunQuery, custodianId: string, at: Date): Promise<RolloverWindowStats> {
  return query<RolloverWindowStats, 'GetRolloverWindowStats'>('GetRolloverWindowStats', {
    custodianId,
    // Each granularity's window: `<granularity>Start`, `…From` and `…To`.
    ...(Object.fromEntries(
      GRANULARITIES.flatMap((g) => {
        const w = windowOf(g, at);
        return [
          [`${g}Start`, w.periodStart],
          [`${g}From`, w.start.toISOString()],
          [`${g}To`, w.end.toISOString()],
        ];
      }),
    ) as Omit<VariablesOf<'GetRolloverWindowStats'>, 'custodianId'>),
  });
}

export async function readBack(
  query: RunQuery,
  rollover: RolloverAggregate,
  revisedFrom: RevisedFrom | null,
): Promise<ReadBack> {
  const custodianIds = custodiansOf(rollover);
  const windows = readBackWindows(rollover);
  const revised = revisedReadBackWindows(rollover, revisedFrom);
  // The old windows' custodians: one request each, at the previous completion.
  const revisedCustodianIds = [...new Set(revised.map((w) => w.custodianId))];
  const [answer, current, old] = await Promise.all([
    query<TransferReadBack, 'GetTransferReadBack'>('GetTransferReadBack', {
      transferId: rollover.transferId,
      custodianIds,
      accountIds: accountsOf(rollover),
      participantId: rollover.participant.participantId,
    }),
    Promise.all(custodianIds.map((id) => windowStatsAt(query, id, rollover.completedAt))),
    Promise.all(revisedCustodianIds.map((id) => windowStatsAt(query, id, revisedFrom!.completedAt))),
  ]);
  const transfer = answer.transfer ? storedTransfer(answer.transfer) : null;
  // Whether a recount of the window counts this transfer: completed in it, in either role.
  const counted = (w: ReadBackWindow) =>
    transfer?.status === 'completed' &&
    transfer.completedAt !== null &&
    transfer.completedAt >= w.start.getTime() &&
    transfer.completedAt < w.end.getTime() &&
    (transfer.sourceCustodianId === w.custodianId || transfer.destinationCustodianId === w.custodianId);
  const read = (w: ReadBackWindow, s: RolloverWindowStats = {}): WindowReadBack => {
    const g = w.granularity;
    const window = {
      current: (s[`${g}Current`] ?? null) as WindowStats['current'],
      all: (s[`${g}All`] ?? []) as WindowStats['all'],
      inbound: (s[`${g}Inbound`] ?? []) as WindowStats['inbound'],
      outbound: (s[`${g}Outbound`] ?? []) as WindowStats['outbound'],
    };
    return {
      custodianId: w.custodianId,
      granularity: g,
      periodStart: w.periodStart,
      stored: storedFigures(window.current),
      fresh: freshFigures(window),
      includesTransfer: counted(w),
    };
  };
  return assembleReadBack(
    rollover,
    transfer,
    storedRows(answer),
    windows.map((w) => read(w, current[custodianIds.indexOf(w.custodianId)])),
    revised.map((w) => read(w, old[revisedCustodianIds.indexOf(w.custodianId)])),
  );
}
