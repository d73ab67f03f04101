// Phase 6: the cards may only be told to refresh once what they read is right. It reads back the
// rollover's rows in every table phases 2 to 4 wrote, each beside what the rollover's events call
// for, and every analytics window phase 5 refreshed (all five granularities, both custodians)
// beside a recount from committed transfers, which must count this transfer; for a reprocess, the
// windows the previous revision counted it in (the run's revisedFrom, rebuilt by phase 2), which
// must not (the checks: ../verification). A stale window (a concurrent writer) is healed by
// recomputing and reading back again, a bounded number of times; a short or wrong row, or a window
// still stale after that, fails the phase retryably rather than announce it.
import type { VerificationCheck } from '@trustrails/contracts';
import { custodiansOf, type RevisedFrom, type RolloverAggregate, type EtlVerifier } from '@trustrails/warehouse';
import { logs } from '../../logs';
import { VerificationFailedError } from '../errors';
import { isWindowCheck, verificationChecks } from '../verification';

export { verificationChecks };

export interface Verified {
  custodianIds: string[];
  tablesPopulated: string[];
  verificationChecks: VerificationCheck[];
}

/** Recomputations phase 6 may make before it gives up on this delivery. */
export const VERIFY_RECOMPUTES = 2;

export async function verify(
  warehouse: EtlVerifier,
  rollover: RolloverAggregate,
  revisedFrom: RevisedFrom | null = null,
): Promise<Verified> {
  const custodianIds = custodiansOf(rollover);
  for (let recomputes = 0; ; recomputes += 1) {
    const readBack = await warehouse.readBack(rollover, revisedFrom);
    const checks = verificationChecks(readBack, rollover);
    const failed = checks.filter((c) => !c.passed);
    if (failed.length === 0) {
      return { custodianIds, tablesPopulated: readBack.tablesPopulated, verificationChecks: checks };
    }
    const failedChecks = failed.map((c) => `${c.check}: expected ${c.expected}, read ${c.actual}`);
    // Only analytics rows are recomputed here; a table's rows are written again by the next attempt.
    if (recomputes >= VERIFY_RECOMPUTES || !failed.every(isWindowCheck)) {
      throw new VerificationFailedError(
        `verify: read-back does not match after ${recomputes} recomputes (${failedChecks.join('; ')})`,
        failed.map((c) => c.check),
      );
    }
    logs.verifyMismatch({ rolloverId: rollover.rolloverId, recompute: recomputes + 1, failedChecks });
    await warehouse.refreshAnalytics(custodianIds, rollover.completedAt);
    if (readBack.revisedWindows.length > 0) {
      const old = [...new Set(readBack.revisedWindows.map((w) => w.custodianId))];
      await warehouse.refreshAnalytics(old, revisedFrom!.completedAt);
    }
  }
}
