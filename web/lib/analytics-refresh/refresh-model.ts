// The refresh's vocabulary: its state, inputs, effects and settings, and the state it starts in.
// The step that moves between them is state-step.ts; the types live apart so each file stays one concern.
import type { StreamMessage } from '@trustrails/contracts';

/** The connection states, in one frozen constant: the type derives from it, and the tests run each. */
export const CONNECTION_STATES = Object.freeze(['connecting', 'live', 'reconnecting', 'offline'] as const);
export type ConnectionState = (typeof CONNECTION_STATES)[number];
export type FeedStatus = 'awaiting-etl' | 'counted' | 'possibly-stale' | 'etl-failed';

export interface FeedItem {
  rolloverId: string;
  transferId: string | null;
  sourceCustodianId: string | null;
  destinationCustodianId: string | null;
  completedAt: string;
  status: FeedStatus;
}

export interface RefreshConfig {
  /** The custodian whose cards are shown; null means every event (the admin monitor). */
  custodianId: string | null;
  fallbackMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failed connections after which the state reads "offline" (retries continue). */
  offlineAfter: number;
  feedSize: number;
  /** How long a resumed connection waits for the server's replay status before refetching anyway. */
  replayWaitMs: number;
}

export interface RefreshState {
  connection: ConnectionState;
  /** Connections that failed since the last one opened. */
  failures: number;
  /** Whether any connection has opened: a later one is a reconnect, with a gap to account for. */
  openedBefore: boolean;
  lastEventId: string | null;
  /** The open connection resumed from lastEventId; its `replay` status has not arrived yet. */
  awaitingReplay: boolean;
  /** Recent event ids, newest last: a replay may repeat them. */
  seen: readonly string[];
  /** Rollovers whose etl_completed arrived (newest last); a revision as `rolloverId#n`. */
  signalled: readonly string[];
  /** Rollovers with a fallback timer running. */
  waiting: readonly string[];
  possiblyStale: boolean;
  feed: readonly FeedItem[];
  closed: boolean;
}

export type RefreshInput =
  | { kind: 'opened' }
  | { kind: 'message'; data: string; id: string | null }
  | { kind: 'replay'; complete: boolean }
  | { kind: 'replay-wait-over' }
  | { kind: 'dropped' }
  | { kind: 'fallback-due'; rolloverId: string }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'closed' };

// Keyed by every kind of RefreshInput, so a kind added there without an entry here fails to compile.
const INPUT_KINDS: { readonly [K in RefreshInput['kind']]: K } = {
  opened: 'opened',
  message: 'message',
  replay: 'replay',
  'replay-wait-over': 'replay-wait-over',
  dropped: 'dropped',
  'fallback-due': 'fallback-due',
  offline: 'offline',
  online: 'online',
  closed: 'closed',
};
/** Every kind of input the step takes, at run time: its tests run each against every state. */
export const REFRESH_INPUT_KINDS = Object.freeze(Object.values(INPUT_KINDS));

export type RevalidateReason = 'etl-completed' | 'fallback' | 'replay-gap';

export type RefreshEffect =
  | { kind: 'revalidate'; reason: RevalidateReason }
  | { kind: 'deliver'; message: StreamMessage; id: string }
  | { kind: 'start-fallback'; rolloverId: string; ms: number }
  | { kind: 'cancel-fallback'; rolloverId: string }
  | { kind: 'start-replay-wait'; ms: number }
  | { kind: 'cancel-replay-wait' }
  | { kind: 'connect'; afterMs: number; lastEventId: string | null };

export interface StepResult {
  state: RefreshState;
  effects: RefreshEffect[];
}

/** Bounds on the id lists: enough for any replay window the server sends. */
export const SEEN_IDS = 1_000;

export const initialState = (): RefreshState => ({
  connection: 'connecting',
  failures: 0,
  openedBefore: false,
  lastEventId: null,
  awaitingReplay: false,
  seen: [],
  signalled: [],
  waiting: [],
  possiblyStale: false,
  feed: [],
  closed: false,
});
