// The refresh's pure state step, every input kind against every connection state. The states are
// the ones the step itself reaches from the start within a few inputs (so each connection state
// comes with and without a pending replay wait, fallbacks, signals and a closed flag); each
// (state, input) pair must keep the rules that hold whatever the path: at most one refetch, only
// the effects its connection state allows for that input, timers started and cancelled in step
// with the state, and no refetch for another custodian's etl_completed.
import {
  CONNECTION_STATES,
  REFRESH_INPUT_KINDS,
  initialState,
  step,
  type ConnectionState,
  type RefreshConfig,
  type RefreshEffect,
  type RefreshInput,
  type RefreshState,
  type RevalidateReason,
} from '@/lib/analytics-refresh/state-step';
import { streamMessage } from './support/refresh-messages';

type InputKind = RefreshInput['kind'];
type EffectKind = RefreshEffect['kind'];
type InputOf<K extends InputKind> = Extract<RefreshInput, { kind: K }>;

const OWN = 'c-a';
const OTHER = 'c-b';
// Two failures read offline, so the exploration below reaches it within its depth.
const config: RefreshConfig = {
  custodianId: OWN,
  fallbackMs: 5_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 8_000,
  offlineAfter: 2,
  feedSize: 3,
  replayWaitMs: 3_000,
};

const message = streamMessage;

// Fixed ids, so a message sent twice is a replayed duplicate and the reachable states stay few.
const OTHER_SIGNAL = message('e-r3', 'etl_completed', 'r3', OTHER);
const MESSAGES: InputOf<'message'>[] = [
  message('t-r1', 'transfer_completed', 'r1', OWN),
  message('e-r1', 'etl_completed', 'r1', OWN),
  message(null, 'etl_completed', 'r2', OWN),
  message('f-r2', 'etl_failed', 'r2', OWN),
  message('s-r1', 'funds_sent', 'r1', OWN),
  message('t-r3', 'transfer_completed', 'r3', OTHER),
  OTHER_SIGNAL,
  { kind: 'message', id: 'x-1', data: '{not json' },
];

// The sample inputs of each kind in a given state (a fallback fires for a rollover it waits for,
// or for one it does not). Keyed by every input kind: a new kind without samples fails to compile.
const INPUTS: { [K in InputKind]: (state: RefreshState) => InputOf<K>[] } = {
  opened: () => [{ kind: 'opened' }],
  message: () => MESSAGES,
  replay: () => [
    { kind: 'replay', complete: true },
    { kind: 'replay', complete: false },
  ],
  'replay-wait-over': () => [{ kind: 'replay-wait-over' }],
  dropped: () => [{ kind: 'dropped' }],
  'fallback-due': (state) => [...state.waiting, 'r-none'].map((rolloverId) => ({ kind: 'fallback-due', rolloverId })),
  offline: () => [{ kind: 'offline' }],
  online: () => [{ kind: 'online' }],
  closed: () => [{ kind: 'closed' }],
};
const inputsFor = (state: RefreshState, kind: InputKind): RefreshInput[] =>
  (INPUTS[kind] as (s: RefreshState) => RefreshInput[])(state);

// Which effects an input may have in each connection state. "connecting" is the first connection
// only (a later one is "reconnecting"), so nothing there refetches on open or has a replay to wait
// for; a dropped connection has no replay wait pending until it opens again.
const ANY_MESSAGE: EffectKind[] = ['deliver', 'start-fallback', 'cancel-fallback', 'revalidate'];
const ALLOWED: Record<ConnectionState, Record<InputKind, EffectKind[]>> = {
  connecting: {
    opened: [],
    message: ANY_MESSAGE,
    replay: [],
    'replay-wait-over': [],
    dropped: ['connect'],
    'fallback-due': ['revalidate'],
    offline: [],
    online: [],
    closed: ['cancel-fallback'],
  },
  live: {
    opened: ['cancel-replay-wait', 'start-replay-wait', 'revalidate'],
    message: ANY_MESSAGE,
    replay: ['cancel-replay-wait', 'revalidate'],
    'replay-wait-over': ['revalidate'],
    dropped: ['cancel-replay-wait', 'connect'],
    'fallback-due': ['revalidate'],
    offline: [],
    online: [],
    closed: ['cancel-fallback', 'cancel-replay-wait'],
  },
  reconnecting: {
    opened: ['start-replay-wait', 'revalidate'],
    message: ANY_MESSAGE,
    replay: [],
    'replay-wait-over': [],
    dropped: ['connect'],
    'fallback-due': ['revalidate'],
    offline: [],
    online: ['connect'],
    closed: ['cancel-fallback'],
  },
  // Reached by failures (no replay pending) or by going offline while live (maybe pending).
  offline: {
    opened: ['cancel-replay-wait', 'start-replay-wait', 'revalidate'],
    message: ANY_MESSAGE,
    replay: ['cancel-replay-wait', 'revalidate'],
    'replay-wait-over': ['revalidate'],
    dropped: ['cancel-replay-wait', 'connect'],
    'fallback-due': ['revalidate'],
    offline: [],
    online: ['connect'],
    closed: ['cancel-fallback', 'cancel-replay-wait'],
  },
};

// The one reason each input may refetch for: a message only for a signal, a fired fallback timer
// for itself, and the connection's own inputs only for a gap they cannot vouch for.
const REASONS: Record<InputKind, RevalidateReason[]> = {
  opened: ['replay-gap'],
  message: ['etl-completed'],
  replay: ['replay-gap'],
  'replay-wait-over': ['replay-gap'],
  dropped: [],
  'fallback-due': ['fallback'],
  offline: [],
  online: [],
  closed: [],
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every state the step reaches from the start within `depth` sample inputs, frozen. */
function reachableStates(depth: number): RefreshState[] {
  const found = new Map<string, RefreshState>();
  let frontier = [deepFreeze(initialState())];
  found.set(JSON.stringify(frontier[0]), frontier[0]!);
  for (let level = 0; level < depth; level++) {
    const next: RefreshState[] = [];
    for (const state of frontier) {
      for (const kind of REFRESH_INPUT_KINDS) {
        for (const input of inputsFor(state, kind)) {
          const after = step(state, input, config).state;
          const key = JSON.stringify(after);
          if (found.has(key)) continue;
          found.set(key, deepFreeze(after));
          next.push(after);
        }
      }
    }
    frontier = next;
  }
  return [...found.values()];
}

const STATES = reachableStates(5);

/** The connection state after an input: it follows the connection's and the browser's inputs, and nothing else. */
function expectedConnection(before: RefreshState, input: RefreshInput): ConnectionState {
  switch (input.kind) {
    case 'opened':
      return 'live';
    case 'dropped':
      return before.failures + 1 >= config.offlineAfter ? 'offline' : 'reconnecting';
    case 'offline':
      return 'offline';
    case 'online':
      // After failures a reconnect goes at once; else the connection reads as it was.
      if (before.failures > 0) return 'reconnecting';
      return before.openedBefore ? 'live' : 'connecting';
    default:
      return before.connection;
  }
}

/** What one step broke, in words; empty when every rule held. */
function violations(before: RefreshState, input: RefreshInput): string[] {
  const found: string[] = [];
  const broke = (rule: string) => found.push(rule);
  // A frozen state: a step that mutated its input would throw here.
  const { state: after, effects } = step(before, input, config);
  const kinds = effects.map((e) => e.kind);
  const refetches = effects.flatMap((e) => (e.kind === 'revalidate' ? [e.reason] : []));

  if (before.closed && (after !== before || effects.length > 0)) broke('acts after closing');
  if (refetches.length > 1) broke(`refetches ${refetches.length} times`);
  for (const kind of kinds) {
    if (!ALLOWED[before.connection][input.kind].includes(kind)) broke(`has a ${kind} effect`);
  }
  for (const reason of refetches) {
    if (!REASONS[input.kind].includes(reason)) broke(`refetches for ${reason}`);
  }
  if (refetches.includes('replay-gap') && !before.openedBefore) broke('refetches for a gap on the first connection');
  if (input === OTHER_SIGNAL && (refetches.length > 0 || kinds.some((k) => k !== 'deliver'))) {
    broke("acts on another custodian's etl_completed");
  }

  // The connection state follows the connection's and the browser's inputs, and nothing else.
  if (!before.closed) {
    const expected = expectedConnection(before, input);
    if (after.connection !== expected) broke(`reads ${after.connection}, not ${expected}`);
  }
  // One connect per drop, and one when the browser is back while a reconnect waits out its backoff.
  const connects = input.kind === 'dropped' || (input.kind === 'online' && before.failures > 0);
  if (kinds.filter((k) => k === 'connect').length !== (connects && !before.closed ? 1 : 0)) {
    broke('connects other than once per drop or return online after failures');
  }

  // The controller's fallback timers, replayed from the effects, are exactly the state's waiting list.
  const timers = new Set(before.waiting);
  if (input.kind === 'fallback-due') timers.delete(input.rolloverId);
  for (const effect of effects) {
    if (effect.kind === 'start-fallback') {
      if (timers.has(effect.rolloverId)) broke(`starts a second fallback for ${effect.rolloverId}`);
      timers.add(effect.rolloverId);
    }
    if (effect.kind === 'cancel-fallback') {
      if (!timers.delete(effect.rolloverId)) broke(`cancels a fallback not running for ${effect.rolloverId}`);
    }
  }
  if ([...timers].sort().join() !== [...after.waiting].sort().join()) broke('fallback timers differ from waiting');

  // The same for the one replay-wait timer.
  let replayTimer = before.awaitingReplay && input.kind !== 'replay-wait-over';
  for (const kind of kinds) {
    if (kind === 'cancel-replay-wait') {
      if (!replayTimer) broke('cancels a replay wait not running');
      replayTimer = false;
    }
    if (kind === 'start-replay-wait') {
      if (replayTimer) broke('starts a second replay wait');
      replayTimer = true;
    }
  }
  if (replayTimer !== after.awaitingReplay) broke('replay wait timer differs from awaitingReplay');

  // One refetch per rollover's signal: only for one not signalled before, which is signalled after.
  if (input.kind === 'message' && refetches.includes('etl-completed')) {
    const rolloverId = (JSON.parse(input.data) as { rolloverId: string }).rolloverId;
    if (before.signalled.includes(rolloverId) || !after.signalled.includes(rolloverId)) {
      broke(`refetches again for ${rolloverId}`);
    }
  }
  return found;
}

test('the samples and the table cover every input kind and connection state the step defines', () => {
  expect(Object.keys(INPUTS).sort()).toEqual([...REFRESH_INPUT_KINDS].sort());
  expect(Object.keys(ALLOWED).sort()).toEqual([...CONNECTION_STATES].sort());
});

describe.each(CONNECTION_STATES)('in %s', (connection) => {
  const states = STATES.filter((s) => s.connection === connection);

  test('the step reaches it, open and closed', () => {
    expect(states.some((s) => !s.closed)).toBe(true);
    expect(states.some((s) => s.closed)).toBe(true);
  });

  test.each(REFRESH_INPUT_KINDS)('%s keeps every rule, and has each effect the table allows', (kind) => {
    const allowed = ALLOWED[connection]?.[kind];
    expect(allowed).toBeDefined();
    const broken = new Map<string, string>();
    const seen = new Set<EffectKind>();
    let pairs = 0;
    for (const before of states) {
      for (const input of inputsFor(before, kind)) {
        pairs += 1;
        for (const effect of step(before, input, config).effects) seen.add(effect.kind);
        for (const rule of violations(before, input)) {
          if (!broken.has(rule)) broken.set(rule, `${rule}: ${JSON.stringify({ before, input })}`);
        }
      }
    }
    expect(pairs).toBeGreaterThan(0);
    expect([...broken.values()]).toEqual([]);
    // The table is exact: an effect it allows that no reachable state produces is a stale entry.
    expect([...seen].sort()).toEqual([...(allowed ?? [])].sort());
  });
});
