// What phase 6 checks, by name: the transfer, every other table the rollover wrote, and every
// analytics window it touched. The names are a contract (docs/contracts/events.md).
import type { VerificationCheck } from '@trustrails/contracts';
import type { ReadBack, RolloverAggregate } from '@trustrails/warehouse';
import { rowChecks } from './row-checks';
import { transferChecks } from './transfer-checks';
import { windowChecks } from './window-checks';

export { isWindowCheck } from './window-checks';

export const verificationChecks = (readBack: ReadBack, rollover: RolloverAggregate): VerificationCheck[] => [
  ...transferChecks(readBack, rollover),
  ...rowChecks(readBack, rollover),
  ...windowChecks(readBack),
];
