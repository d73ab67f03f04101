// The relational-store port: every read and write the ETL and the web app make against the
// Data Connect tables. Two adapters implement it: `postgres` (SQL over pg) and `dataconnect`
// (firebase-admin/data-connect running the connector's named operations).
import type { DataQualityPeriod, MonthlySummary, TimeSeries } from '@trustrails/contracts';
import type { TimeSeriesQuery } from './time-series';
import type { Granularity } from './windows';

export interface AccountRef {
  accountId: string;
  accountType: string;
  last4: string | null;
}

/** One lineage row per source event of the rollover. */
export interface SourceEvent {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  userId: string;
  source: string;
}

export interface BlockchainTx {
  eventId: string;
  network: string;
  txHash: string;
  blockNumber: number | null;
  recordedAt: Date;
}

export interface TokenMovementRow {
  eventId: string;
  tokenId: string;
  kind: 'minted' | 'burned';
  amountCents: number;
  occurredAt: Date;
}

/** Everything phase 1 (extract) learns about one rollover, validated. Absent data is null. */
export interface RolloverAggregate {
  rolloverId: string;
  transferId: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
  participant: { participantId: string; fullName: string | null };
  sourceAccount: AccountRef;
  destinationAccount: AccountRef;
  requestedAmountCents: number;
  amountCents: number;
  financialBreakdown: {
    preTaxCents: number;
    rothCents: number;
    afterTaxCents: number;
    employerMatchCents: number | null;
  } | null;
  fundsSent: { amountCents: number; method: 'ach' | 'wire' | 'check' | null; at: Date } | null;
  fundsReceived: { amountCents: number; at: Date } | null;
  initiatedAt: Date;
  completedAt: Date;
  durationMs: number;
  blockchainTransactions: BlockchainTx[];
  tokenMovements: TokenMovementRow[];
  events: SourceEvent[];
}

/** Where and when the analytics count (or counted) a transfer: its custodians and completion time. */
export interface CountedAt {
  sourceCustodianId: string;
  destinationCustodianId: string;
  completedAt: Date;
}

/**
 * Where and when the previous revision of a reprocessed rollover counted its transfer (the run's
 * `revisedFrom`): the windows a correction may take it out of. Phase 2 rebuilds them and phase 6
 * reads them back, from this record rather than the transfer row phase 2 overwrites, so a retry
 * after a crash between the two (the dataconnect adapter's writes are separate requests) still
 * rebuilds them.
 */
export type RevisedFrom = CountedAt;

export interface EtlRunRecord {
  rolloverId: string;
  attempt: number;
  status: string;
  phaseTimingsMs: Record<string, number>;
  processingTimeMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/** The three card figures of one custodian's month. */
export interface MonthlyFigures {
  completedCount: number;
  volumeCents: number;
  avgCompletionMs: number | null;
}

/** One analytics row's figures: the cards' three, and how many of the transfers came in and went out. */
export interface WindowFigures extends MonthlyFigures {
  inboundCount: number;
  outboundCount: number;
}

/** One analytics window phase 5 refreshed, read back beside its recount. */
export interface WindowReadBack {
  custodianId: string;
  granularity: Granularity;
  /** YYYY-MM-DD, UTC. */
  periodStart: string;
  /** The stored row (null when there is none). */
  stored: WindowFigures | null;
  /** The same figures recounted now from committed, completed transfers. */
  fresh: WindowFigures;
  /** Whether that recount counts this rollover's transfer. */
  includesTransfer: boolean;
}

/** The stored transfer row, as phase 6 compares it with the rollover. Instants are epoch milliseconds. */
export interface StoredTransfer {
  rolloverId: string;
  status: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
  participantId: string;
  sourceAccountId: string;
  destinationAccountId: string;
  requestedAmountCents: number;
  amountCents: number;
  fundsSentAmountCents: number | null;
  fundsSentMethod: string | null;
  fundsSentAt: number | null;
  fundsReceivedAmountCents: number | null;
  fundsReceivedAt: number | null;
  initiatedAt: number;
  completedAt: number | null;
  durationMs: number | null;
}

/** The rows stored for one rollover in each table phases 2 to 4 write, beside the transfer. Instants are epoch milliseconds. */
export interface StoredRows {
  /** How many of the rollover's custodians exist. */
  custodians: number;
  /** How many participants exist with the rollover's participant id (0 or 1). */
  participants: number;
  /** The rollover's accounts that exist, with the custodian each belongs to. */
  accounts: { id: string; custodianId: string }[];
  financialBreakdowns: {
    preTaxCents: number;
    rothCents: number;
    afterTaxCents: number;
    employerMatchCents: number | null;
  }[];
  transferEvents: { eventId: string; eventType: string; occurredAt: number }[];
  blockchainTransactions: {
    id: string;
    network: string;
    txHash: string;
    blockNumber: number | null;
    recordedAt: number;
  }[];
  tokenMovements: { id: string; tokenId: string; kind: string; amountCents: number; occurredAt: number }[];
  transferStatusHistory: { status: string; changedAt: number }[];
  /** The transfer's audit rows, with the rollover each names in its details. */
  auditLogs: { action: string; rolloverId: string | null }[];
}

/** Phase 6's read-back of one rollover: its rows in every table, and every window phase 5 refreshed. */
export interface ReadBack {
  transferCompleted: boolean;
  /** The stored transfer (null: no transfer row). */
  transfer: StoredTransfer | null;
  /** The logical tables that hold this rollover's rows, as read back from the store. */
  tablesPopulated: string[];
  rows: StoredRows;
  /** Every granularity's window containing the completion, for each custodian. */
  windows: WindowReadBack[];
  /**
   * A reprocess: the windows the previous revision counted the transfer in (revisedFrom's
   * custodians, each granularity's window containing its completion) that are not among `windows`:
   * none may count the transfer now. Empty for a first load.
   */
  revisedWindows: WindowReadBack[];
}

export interface MarkCompletedContext {
  attempt: number;
  actor: string;
}

export interface ReaggregateInput {
  at: Date;
  granularities: Granularity[];
  /** Every custodian when absent. */
  custodianIds?: string[];
}

export interface ReaggregateCustodianInput {
  custodianId: string;
  /** Rebuild every window holding a transfer of this custodian changed at or after this; null: all history. */
  changedSince: Date | null;
  /** The windows containing `at` are rebuilt too, in every granularity. */
  at: Date;
}

export interface ReaggregateCustodianResult {
  windows: number;
  /** Every window rebuilt (`windows` of them), by granularity and period start (YYYY-MM-DD). */
  covered: { granularity: Granularity; periodStart: string }[];
  rows: number;
  /** The store's clock when the rebuild started: the next run's `changedSince`, less a margin. */
  watermark: Date;
}

/**
 * The port is split into the roles its callers play; each caller depends on the narrow one it uses,
 * and both adapters implement them all (`Warehouse`).
 */

/** The ETL worker's writes: phases 2 to 5, and the run record. */
export interface EtlWriter {
  /**
   * Phase 2: Custodian, Participant, Account, Transfer, FinancialBreakdown, TransferEvent. A
   * reprocess (`revisedFrom`) also rebuilds, in every granularity, the windows of the previous
   * revision's custodians and completion, and of the new ones, on every attempt; so does a stored
   * transfer counted differently from the rollover.
   */
  writeCore(rollover: RolloverAggregate, revisedFrom?: RevisedFrom | null): Promise<void>;
  /** Phase 3: BlockchainTransaction and TokenMovement, only those the events hold. */
  writeChain(rollover: RolloverAggregate): Promise<{ blockchainTransactions: number; tokenMovements: number }>;
  /** Phase 4: Transfer.status = completed, plus TransferStatusHistory and AuditLog. */
  markCompleted(rollover: RolloverAggregate, context: MarkCompletedContext): Promise<void>;
  /**
   * Phase 5: recompute (never increment) the AnalyticsTimeSeries rows of every granularity that
   * contain `at` for each custodian, from completed Transfer rows, so replays never double count
   * and the time series is as fresh as the cards when etl.completed is written.
   */
  refreshAnalytics(custodianIds: string[], at: Date): Promise<void>;
  recordEtlRun(run: EtlRunRecord): Promise<void>;
}

/** Phase 6, the verifier: the read-back, and the refresh it redoes when the windows disagree. */
export interface EtlVerifier extends Pick<EtlWriter, 'refreshAnalytics'> {
  /**
   * Read back the rollover's rows and, for both custodians, what the cards read beside a fresh
   * recomputation; for a reprocess, the previous revision's windows too (`revisedWindows`).
   */
  readBack(rollover: RolloverAggregate, revisedFrom?: RevisedFrom | null): Promise<ReadBack>;
}

/** Every custodian the warehouse knows, sorted: the admins' custodian picker and re-aggregation. */
interface CustodianLister {
  listCustodianIds(): Promise<string[]>;
}

/** Re-aggregation: the scheduled sweep, backfills and the admin API's reaggregate. */
export interface Reaggregator extends CustodianLister {
  /**
   * Rebuild the windows containing `at` with the same formula as refreshAnalytics, so the two
   * never disagree (backfill). One transaction per custodian; idempotent; returns the rows changed.
   */
  reaggregateWindows(input: ReaggregateInput): Promise<{ custodians: number; rows: number }>;
  /**
   * Scheduled re-aggregation of one custodian, in one transaction of its own: every window
   * (daily to yearly, past ones included) holding a transfer changed since `changedSince`, plus
   * the current windows. Same formula as refreshAnalytics; idempotent.
   */
  reaggregateCustodian(input: ReaggregateCustodianInput): Promise<ReaggregateCustodianResult>;
}

/** What the dashboard and the admin API read. */
export interface AnalyticsReader extends CustodianLister {
  /** All three card numbers and asOf from one row, so they are always consistent. */
  getMonthlySummary(custodianId: string, month: string): Promise<MonthlySummary>;
  /**
   * The custodian's stored AnalyticsTimeSeries rows of one granularity over a range (the rows the
   * cards read), gaps filled with zeros and running sums added. Throws TimeSeriesRangeError for
   * a range past MAX_TIME_SERIES_POINTS periods or with from after to.
   */
  getTimeSeries(query: TimeSeriesQuery): Promise<TimeSeries>;
  /**
   * Per period of the range, every custodian's completed transfers and how many have each
   * optional field (DATA_QUALITY_FIELDS); empty periods as zeros. Same range rules as getTimeSeries.
   * The dataconnect adapter throws UnsupportedByAdapterError.
   */
  dataQuality(query: Omit<TimeSeriesQuery, 'custodianId'>): Promise<DataQualityPeriod[]>;
}

/** The whole store, every role: what an adapter implements and what a process opens and closes. */
export interface Warehouse extends EtlWriter, EtlVerifier, Reaggregator, AnalyticsReader {
  readonly kind: 'postgres' | 'dataconnect';
  close(): Promise<void>;
}
