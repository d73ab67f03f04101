// The deployed functions, and nothing else. Each export is a getter that loads its module the
// first time it is read. Cloud Functions and the Functions emulator load this bundle in every
// function instance and read only the export named by FUNCTION_TARGET, so an instance loads just
// its own function's code: the Firestore trigger's instance never loads the worker's phases, pg or
// the warehouse, the admin API's never loads the scheduled jobs. Discovery (deploy, the emulator's
// start) reads every export, and so still loads and checks them all.
import type * as EtlFunctions from './etl/functions';
import type * as AdminFunction from './admin-api/function';
import type * as DeadLetterFunction from './dead-letters/function';
import type * as ScheduledFunctions from './scheduled/functions';

function lazyExports<M extends object>(load: () => M, names: (keyof M & string)[]): void {
  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
}

// require, not import: esbuild then evaluates each module (and the npm packages it requires) on
// the first read of one of its exports instead of when the bundle loads.
/* eslint-disable @typescript-eslint/no-require-imports */
lazyExports(
  () => require('./etl/functions') as typeof EtlFunctions,
  ['etlOnEventCreated', 'etlWorker', 'etlBulkWorker'],
);
lazyExports(() => require('./admin-api/function') as typeof AdminFunction, ['etlAdmin']);
lazyExports(() => require('./dead-letters/function') as typeof DeadLetterFunction, ['etlDeadLetter']);
lazyExports(() => require('./scheduled/functions') as typeof ScheduledFunctions, ['etlReaggregate', 'etlSweeper']);
/* eslint-enable @typescript-eslint/no-require-imports */
