// Phase 6's read-back, the parts both adapters share: which windows it reads (every granularity's
// window containing the completion, for each custodian: the ones phase 5 refreshed; for a
// reprocess, the previous revision's too) and which tables the rows read back show populated.
import { countedBy } from './correction';
import type {
  CountedAt,
  ReadBack,
  RevisedFrom,
  RolloverAggregate,
  StoredRows,
  StoredTransfer,
  WindowReadBack,
} from './port';
import { GRANULARITIES, windowOf, type Granularity, type Window } from './windows';

/** The rollover's custodians, once each (a transfer to oneself has one). */
export const custodiansOf = (r: RolloverAggregate): string[] => countedBy(r);

/** The rollover's accounts, once each. */
export const accountsOf = (r: RolloverAggregate): string[] => [
  ...new Set([r.sourceAccount.accountId, r.destinationAccount.accountId]),
];

export interface ReadBackWindow extends Window {
  custodianId: string;
  granularity: Granularity;
}

/** Each granularity's window containing the completion, for each custodian that counted it. */
const windowsCounting = (counted: CountedAt): ReadBackWindow[] =>
  countedBy(counted).flatMap((custodianId) =>
    GRANULARITIES.map((granularity) => ({ custodianId, granularity, ...windowOf(granularity, counted.completedAt) })),
  );

const keyOf = (w: ReadBackWindow) => `${w.granularity}/${w.custodianId}/${w.periodStart}`;

/** Every window phase 5 refreshed for the rollover: each granularity's, for each custodian. */
export const readBackWindows = (r: RolloverAggregate): ReadBackWindow[] => windowsCounting(r);

/**
 * A reprocess's old windows: those the previous revision counted the transfer in, less the ones
 * that are also current (checked once, as current windows). None of them may count it now.
 */
export function revisedReadBackWindows(
  r: RolloverAggregate,
  revisedFrom: RevisedFrom | null | undefined,
): ReadBackWindow[] {
  if (!revisedFrom) return [];
  const current = new Set(readBackWindows(r).map(keyOf));
  return windowsCounting(revisedFrom).filter((w) => !current.has(keyOf(w)));
}

/** The read-back from what an adapter read: whether the transfer completed and which tables hold the rollover's rows. */
export function assembleReadBack(
  r: RolloverAggregate,
  transfer: StoredTransfer | null,
  rows: StoredRows,
  windows: WindowReadBack[],
  revisedWindows: WindowReadBack[] = [],
): ReadBack {
  const present: [string, boolean][] = transfer
    ? [
        ['custodians', rows.custodians === custodiansOf(r).length],
        ['participants', rows.participants === 1],
        ['accounts', rows.accounts.length === accountsOf(r).length],
        ['transfers', true],
        ['financial_breakdowns', rows.financialBreakdowns.length > 0],
        ['transfer_events', rows.transferEvents.length > 0],
        ['blockchain_transactions', rows.blockchainTransactions.length > 0],
        ['token_movements', rows.tokenMovements.length > 0],
        ['transfer_status_history', rows.transferStatusHistory.length > 0],
        ['audit_logs', rows.auditLogs.length > 0],
        ['analytics_time_series', windows.length > 0 && windows.every((w) => w.stored !== null)],
      ]
    : [];
  return {
    transferCompleted: transfer?.status === 'completed',
    transfer,
    tablesPopulated: present.filter(([, has]) => has).map(([name]) => name),
    rows,
    windows,
    revisedWindows,
  };
}
