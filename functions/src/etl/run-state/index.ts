// The one owner of etlRuns/{rolloverId}: every transition of the state machine lives in this
// folder and runs in a Firestore transaction that re-reads the run (STYLE habit 3).
export { CONTROL_DOC, runRef, runsOf, SWEEP_PAGE, type Fence } from './collection';
export { claimRun, laneOf, newRunDoc, waitsForDispatch, type ClaimResult, type Dispatch } from './claim';
export { fillSlot, passSlotOn, topUpBulkLane } from './bulk-lane';
export { renewLease, takeRun, type TakeResult } from './lease';
export {
  failRun,
  finishRun,
  pauseAtCheckpoint,
  releaseForRetry,
  type Completion,
  type Failure,
  type Parties,
  type Recorded,
} from './outcome';
export {
  ACTION_STATES,
  actionAllowed,
  allowedActions,
  failedRunIds,
  messageFor,
  pauseRun,
  sendPendingMessages,
  reopenForRetry,
  type RetryOutcome,
  type RunAction,
} from './admin';
export { markSwept, reopenDelayMs, reopenRetryable, runsToRedeliver, type ReopenPolicy } from './sweep';
export { noteDeadLetter, type RunOfLetter } from './dead-letter';
export { forcePending, reopenForReprocess, requestCancel, resumeFromCheckpoint, type ControlOutcome } from './cancel';
export { checkIn, confirmFence, type BoundaryVerdict, type PhaseBoundary } from './progress';
