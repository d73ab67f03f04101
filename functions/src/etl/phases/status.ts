// Phase 4: Transfer.status = completed, with its status history and audit rows.
import type { EtlWriter, RolloverAggregate } from '@trustrails/warehouse';
import { ETL_SYSTEM_USER } from '@trustrails/contracts';

export const status = (warehouse: EtlWriter, rollover: RolloverAggregate, attempt: number) =>
  warehouse.markCompleted(rollover, { attempt, actor: ETL_SYSTEM_USER });
