// The check names etl.completed lists for a rollover between two custodians, as
// docs/contracts/events.md documents them: the tests of both adapters compare with this list.
import { GRANULARITIES } from '@trustrails/contracts';

const TABLES = [
  'accounts',
  'financial_breakdowns',
  'transfer_events',
  'blockchain_transactions',
  'token_movements',
  'transfer_status_history',
  'audit_logs',
];
const FIGURES = [
  'includesTransfer',
  'completedCount',
  'volumeCents',
  'avgCompletionMs',
  'inboundCount',
  'outboundCount',
];

export const checkNames = (source: string, destination: string): string[] => [
  'transfer.completed',
  'tablesPopulated.transfers',
  'transfer.rolloverId',
  'transfer.amountCents',
  'transfer.completedAt',
  'transfer.durationMs',
  'transfer.parties',
  'transfer.funds',
  'custodians.rows',
  'participants.rows',
  ...TABLES.flatMap((table) => [`${table}.rows`, `${table}.matching`]),
  ...GRANULARITIES.flatMap((g) => [source, destination].flatMap((c) => FIGURES.map((f) => `${g}.${c}.${f}`))),
];

/**
 * The checks of a reprocess's old windows (the ones the previous revision counted the transfer in,
 * `revisedFrom` on the run), each listed with the granularities whose old window is not also one of
 * the current ones (a window the transfer stays in is checked once, under its current name).
 */
export const revisedFromCheckNames = (windows: [custodianId: string, granularities: readonly string[]][]): string[] =>
  windows.flatMap(([custodianId, granularities]) =>
    granularities.flatMap((g) => FIGURES.map((f) => `revisedFrom.${g}.${custodianId}.${f}`)),
  );
