// The two lanes over their deployed topics, for the functions that enqueue. Here, not in runtime.ts:
// the process clients sit below the ETL and must not import it (tests/repository layering test).
import { ETL_BULK_TOPIC, ETL_TOPIC, LANES } from '@trustrails/contracts';
import { db, publishJson } from '../runtime';
import { etlQueue, type EtlQueue } from './enqueue';

export function etlQueueOf(bulkConcurrency: number): EtlQueue {
  return etlQueue(
    db(),
    async (lane, message) => void (await publishJson(lane === LANES.BULK ? ETL_BULK_TOPIC : ETL_TOPIC, message)),
    bulkConcurrency,
  );
}
