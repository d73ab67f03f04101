import 'server-only';
// One Firestore query listener that a hub opens with its first subscriber and closes after its
// last, and that re-opens with capped exponential backoff after an error (a listener that errors
// is gone for good in the SDK) as long as someone still wants it. The query is rebuilt at every
// open, so a hub can resume from what it has seen.
import type { Query, QuerySnapshot } from 'firebase-admin/firestore';

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

export interface ResilientListenerOptions {
  /** Names the log event of an error: `<name>ListenerError`. */
  name: string;
  /** The query to listen to, built at each (re)open. */
  query: () => Query;
  onSnapshot: (snapshot: QuerySnapshot) => void;
  /** Whether anyone still listens; an error re-opens only then. */
  wanted: () => boolean;
  /** Told of every listener error, before the re-open is scheduled (for a hub's counters). */
  onError?: (error: Error) => void;
}

export class ResilientListener {
  private unsubscribe: (() => void) | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = FIRST_BACKOFF_MS;

  constructor(private readonly options: ResilientListenerOptions) {}

  /** Firestore listeners held: 0 or 1. */
  listeners(): number {
    return this.unsubscribe ? 1 : 0;
  }

  /** (Re)opens on a freshly built query, dropping any listener or pending re-open first. */
  open(): void {
    this.close();
    this.unsubscribe = this.options.query().onSnapshot(
      (snapshot) => {
        this.backoffMs = FIRST_BACKOFF_MS;
        this.options.onSnapshot(snapshot);
      },
      (error) => this.onError(error),
    );
  }

  close(): void {
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onError(error: Error): void {
    this.unsubscribe = null;
    this.options.onError?.(error);
    if (!this.options.wanted()) return;
    console.warn(
      JSON.stringify({ event: `${this.options.name}ListenerError`, message: error.message, retryInMs: this.backoffMs }),
    );
    this.reopenTimer = setTimeout(() => this.open(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}
