// The deployed functions, and nothing else.
export { etlBulkWorker, etlOnEventCreated, etlWorker } from './etl/functions';
export { etlAdmin } from './admin-api/function';
export { etlDeadLetter } from './dead-letters/function';
export { etlReaggregate, etlSweeper } from './scheduled/functions';
