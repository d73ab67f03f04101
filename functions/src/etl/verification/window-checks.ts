// Every analytics window phase 5 refreshed (each granularity's window containing the completion,
// for both custodians) against a recount from committed, completed transfers: the stored row's
// figures must equal it, and the recount must count this rollover's transfer. For a reprocess,
// every window the previous revision counted the transfer in and that is not a current one
// (`revisedFrom.…`, rebuilt by phase 2): its figures must equal the recount, which must not count it.
import { GRANULARITIES, type VerificationCheck } from '@trustrails/contracts';
import type { ReadBack, WindowReadBack } from '@trustrails/warehouse';
import { check } from './check';

const FIGURES = ['completedCount', 'volumeCents', 'avgCompletionMs', 'inboundCount', 'outboundCount'] as const;

/** The prefix of an old window's checks: the run field that names the previous revision. */
const REVISED = 'revisedFrom';

const checksOf = (w: WindowReadBack, prefix: string, counts: boolean): VerificationCheck[] => {
  const at = `${prefix}${w.granularity}.${w.custodianId}`;
  return [
    check(`${at}.includesTransfer`, counts, w.includesTransfer),
    ...FIGURES.map((figure) => check(`${at}.${figure}`, w.fresh[figure], w.stored?.[figure] ?? null)),
  ];
};

export const windowChecks = (readBack: ReadBack): VerificationCheck[] => [
  ...readBack.windows.flatMap((w) => checksOf(w, '', true)),
  ...readBack.revisedWindows.flatMap((w) => checksOf(w, `${REVISED}.`, false)),
];

/**
 * Whether a check is of an analytics window (named `[revisedFrom.]<granularity>.<custodianId>.<figure>`),
 * which a recompute can heal.
 */
export const isWindowCheck = (c: VerificationCheck): boolean =>
  GRANULARITIES.some((g) => c.check.startsWith(`${g}.`) || c.check.startsWith(`${REVISED}.${g}.`));
