// Every other table phases 2 to 4 write, against the rows the rollover's events call for.
// `<table>.rows` is how many rows the store holds for the rollover beside how many it must (a
// short table, or a row left over), and `<table>.matching` how many of the rows it must hold are
// stored with the rollover's values (a wrong row).
import type { VerificationCheck } from '@trustrails/contracts';
import { custodiansOf, type ReadBack, type RolloverAggregate } from '@trustrails/warehouse';
import { check } from './check';

type Row = Record<string, string | number | null>;

function table(name: string, expected: Row[], stored: Row[]): VerificationCheck[] {
  const equal = (e: Row, s: Row) => Object.keys(e).every((k) => e[k] === s[k]);
  return [
    check(`${name}.rows`, expected.length, stored.length),
    check(`${name}.matching`, expected.length, expected.filter((e) => stored.some((s) => equal(e, s))).length),
  ];
}

export function rowChecks(readBack: ReadBack, r: RolloverAggregate): VerificationCheck[] {
  const { rows } = readBack;
  // The two accounts, once each (a rollover between one custodian's accounts may name one twice).
  const accounts = new Map([
    [r.sourceAccount.accountId, r.sourceCustodianId],
    [r.destinationAccount.accountId, r.destinationCustodianId],
  ]);
  const b = r.financialBreakdown;
  return [
    check('custodians.rows', custodiansOf(r).length, rows.custodians),
    check('participants.rows', 1, rows.participants),
    ...table(
      'accounts',
      [...accounts].map(([id, custodianId]) => ({ id, custodianId })),
      rows.accounts,
    ),
    ...table('financial_breakdowns', b ? [{ ...b }] : [], rows.financialBreakdowns),
    ...table(
      'transfer_events',
      r.events.map((e) => ({ eventId: e.eventId, eventType: e.eventType, occurredAt: e.occurredAt.getTime() })),
      rows.transferEvents,
    ),
    ...table(
      'blockchain_transactions',
      r.blockchainTransactions.map((t) => ({
        id: t.eventId,
        network: t.network,
        txHash: t.txHash,
        blockNumber: t.blockNumber,
        recordedAt: t.recordedAt.getTime(),
      })),
      rows.blockchainTransactions,
    ),
    ...table(
      'token_movements',
      r.tokenMovements.map((m) => ({
        id: m.eventId,
        tokenId: m.tokenId,
        kind: m.kind,
        amountCents: m.amountCents,
        occurredAt: m.occurredAt.getTime(),
      })),
      rows.tokenMovements,
    ),
    // The completion's own rows; a row of another status or action is not phase 4's to count.
    ...table(
      'transfer_status_history',
      [{ status: 'completed', changedAt: r.completedAt.getTime() }],
      rows.transferStatusHistory.filter((h) => h.status === 'completed'),
    ),
    ...table(
      'audit_logs',
      [{ action: 'status.completed', rolloverId: r.rolloverId }],
      rows.auditLogs.filter((a) => a.action === 'status.completed'),
    ),
  ];
}
