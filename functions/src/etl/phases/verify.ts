// Phase 6: the cards may only be told to refresh once what they read is right. It reads back the
// transfer, which must be this rollover's and carry its amount, and for both custodians the
// monthly row the cards read beside a fresh recomputation from committed transfers, which must
// count this transfer. A mismatch (a stale row, a concurrent writer) is healed by recomputing and
// reading back again, a bounded number of times; after that the phase fails retryably rather than
// announce a stale count.
import type { VerificationCheck } from '@trustrails/contracts';
import type { MonthlyFigures, ReadBack, RolloverAggregate, Warehouse } from '@trustrails/warehouse';
import { logs } from '../../logs';

export interface Verified {
  custodianIds: string[];
  tablesPopulated: string[];
  verificationChecks: VerificationCheck[];
}

/** Recomputations phase 6 may make before it gives up on this delivery. */
export const VERIFY_RECOMPUTES = 2;

const check = (
  name: string,
  expected: number | boolean | null,
  actual: number | boolean | null,
): VerificationCheck => ({
  check: name,
  expected,
  actual,
  // Averages are floats computed twice; anything closer than a thousandth of a millisecond is equal.
  passed:
    typeof expected === 'number' && typeof actual === 'number'
      ? Math.abs(expected - actual) < 1e-3
      : expected === actual,
});

export function verificationChecks(readBack: ReadBack, rollover: RolloverAggregate): VerificationCheck[] {
  const checks = [
    check('transfer.completed', true, readBack.transferCompleted),
    check('tablesPopulated.transfers', true, readBack.tablesPopulated.includes('transfers')),
    // A row with this transferId is not enough: it must be this rollover's, with this amount.
    check('transfer.rolloverId', true, readBack.transfer?.rolloverId === rollover.rolloverId),
    check('transfer.amountCents', rollover.amountCents, readBack.transfer?.amountCents ?? null),
  ];
  for (const m of readBack.monthly) {
    const stored: Partial<MonthlyFigures> = m.stored ?? {};
    const at = `monthly.${m.custodianId}`;
    checks.push(
      check(`${at}.includesTransfer`, true, m.includesTransfer),
      check(`${at}.completedCount`, m.fresh.completedCount, stored.completedCount ?? null),
      check(`${at}.volumeCents`, m.fresh.volumeCents, stored.volumeCents ?? null),
      check(`${at}.avgCompletionMs`, m.fresh.avgCompletionMs, stored.avgCompletionMs ?? null),
    );
  }
  return checks;
}

export async function verify(warehouse: Warehouse, rollover: RolloverAggregate): Promise<Verified> {
  const custodianIds = [...new Set([rollover.sourceCustodianId, rollover.destinationCustodianId])];
  for (let recomputes = 0; ; recomputes += 1) {
    const readBack = await warehouse.readBack(rollover);
    const checks = verificationChecks(readBack, rollover);
    const failed = checks.filter((c) => !c.passed);
    if (failed.length === 0) {
      return { custodianIds, tablesPopulated: readBack.tablesPopulated, verificationChecks: checks };
    }
    const failedChecks = failed.map((c) => `${c.check}: expected ${c.expected}, read ${c.actual}`);
    if (recomputes >= VERIFY_RECOMPUTES) {
      throw new Error(`verify: read-back does not match after ${recomputes} recomputes (${failedChecks.join('; ')})`);
    }
    logs.verifyMismatch({ rolloverId: rollover.rolloverId, recompute: recomputes + 1, failedChecks });
    await warehouse.refreshAnalytics(custodianIds, rollover.completedAt);
  }
}
