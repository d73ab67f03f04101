// Every analytics window phase 5 refreshed (each granularity's window containing the completion,
// for both custodians) against a recount from committed, completed transfers: the stored row's
// figures must equal it, and the recount must count this rollover's transfer.
import { GRANULARITIES, type VerificationCheck } from '@trustrails/contracts';
import type { ReadBack } from '@trustrails/warehouse';
import { check } from './check';

const FIGURES = ['completedCount', 'volumeCents', 'avgCompletionMs', 'inboundCount', 'outboundCount'] as const;

export function windowChecks(readBack: ReadBack): VerificationCheck[] {
  return readBack.windows.flatMap((w) => {
    const at = `${w.granularity}.${w.custodianId}`;
    return [
      check(`${at}.includesTransfer`, true, w.includesTransfer),
      ...FIGURES.map((figure) => check(`${at}.${figure}`, w.fresh[figure], w.stored?.[figure] ?? null)),
    ];
  });
}

/** Whether a check is of an analytics window (named `<granularity>.<custodianId>.<figure>`), which a recompute can heal. */
export const isWindowCheck = (c: VerificationCheck): boolean => GRANULARITIES.some((g) => c.check.startsWith(`${g}.`));
