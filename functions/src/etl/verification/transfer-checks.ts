// The transfer row against the rollover: that it is this rollover's and completed, the figures the
// analytics count (amount, completion time, duration), and every other column phase 2 writes.
import type { VerificationCheck } from '@trustrails/contracts';
import type { ReadBack, RolloverAggregate } from '@trustrails/warehouse';
import { check } from './check';

export function transferChecks(readBack: ReadBack, r: RolloverAggregate): VerificationCheck[] {
  const t = readBack.transfer;
  const same = (pairs: [unknown, unknown][]): boolean => t !== null && pairs.every(([a, b]) => a === b);
  const at = (d: Date | undefined): number | null => d?.getTime() ?? null;
  return [
    check('transfer.completed', true, readBack.transferCompleted),
    check('tablesPopulated.transfers', true, readBack.tablesPopulated.includes('transfers')),
    // A row with this transferId is not enough: it must be this rollover's, with this amount.
    check('transfer.rolloverId', true, t?.rolloverId === r.rolloverId),
    check('transfer.amountCents', r.amountCents, t?.amountCents ?? null),
    check('transfer.completedAt', r.completedAt.getTime(), t?.completedAt ?? null),
    check('transfer.durationMs', r.durationMs, t?.durationMs ?? null),
    check(
      'transfer.parties',
      true,
      same([
        [t?.sourceCustodianId, r.sourceCustodianId],
        [t?.destinationCustodianId, r.destinationCustodianId],
        [t?.participantId, r.participant.participantId],
        [t?.sourceAccountId, r.sourceAccount.accountId],
        [t?.destinationAccountId, r.destinationAccount.accountId],
      ]),
    ),
    check(
      'transfer.funds',
      true,
      same([
        [t?.requestedAmountCents, r.requestedAmountCents],
        [t?.fundsSentAmountCents, r.fundsSent?.amountCents ?? null],
        [t?.fundsSentMethod, r.fundsSent?.method ?? null],
        [t?.fundsSentAt, at(r.fundsSent?.at)],
        [t?.fundsReceivedAmountCents, r.fundsReceived?.amountCents ?? null],
        [t?.fundsReceivedAt, at(r.fundsReceived?.at)],
        [t?.initiatedAt, r.initiatedAt.getTime()],
      ]),
    ),
  ];
}
