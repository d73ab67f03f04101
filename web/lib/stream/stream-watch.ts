import 'server-only';
// What ends an open stream besides the client: its caller's identity no longer verifies or has
// changed (re-checked every recheckMs), or it reached its maximum lifetime. Sessions revoked,
// users disabled and claims changed therefore reach streams that are already open.
import type { Identity } from '@/lib/auth/identity';

export type EndReason = 'identity-changed' | 'lifetime';

export interface WatchOptions {
  identity: Identity;
  /** Verifies the original request's credentials again. */
  reverify: () => Promise<Identity | null>;
  recheckMs: number;
  maxLifetimeMs: number;
  onEnd: (reason: EndReason) => void;
}

const sameIdentity = (a: Identity, b: Identity | null): boolean =>
  b !== null && a.uid === b.uid && a.admin === b.admin && a.custodianId === b.custodianId;

/** Starts the timers; the returned function stops them. */
export function watchStream(options: WatchOptions): () => void {
  let stopped = false;
  let recheck: ReturnType<typeof setTimeout> | undefined;
  const end = (reason: EndReason): void => {
    if (stopped) return;
    stop();
    options.onEnd(reason);
  };
  // A timeout chain, not an interval: a slow verification never overlaps the next one.
  const schedule = (): void => {
    recheck = setTimeout(() => {
      options.reverify().then(
        (current) => (sameIdentity(options.identity, current) ? schedule() : end('identity-changed')),
        // Fail closed: a stream whose caller cannot be verified ends; the client reconnects and is
        // verified afresh (or refused).
        () => end('identity-changed'),
      );
    }, options.recheckMs);
  };
  // Up to 10 % earlier than the cap, so streams opened together (a deploy, a network blip) do not
  // all reconnect in the same second.
  const lifetime = setTimeout(() => end('lifetime'), options.maxLifetimeMs * (1 - Math.random() * 0.1));
  function stop(): void {
    stopped = true;
    clearTimeout(recheck);
    clearTimeout(lifetime);
  }
  schedule();
  return stop;
}
