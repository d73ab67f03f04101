import 'server-only';
// How many freshness beacons one user may send: a dashboard tab sends at most one per 10 s
// (render-sampler.ts), so a few tabs fit and a script cannot fill the collection. Per process, in
// memory: a limit on cost, not a security boundary, so instances need not agree.
import { processSingleton } from '@/lib/process-singleton';

export const BEACONS_PER_MINUTE = 12;
const WINDOW_MS = 60_000;

export class BeaconLimit {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  /** True when this user may send one more now; counts it. */
  take(uid: string, now = Date.now()): boolean {
    const window = this.windows.get(uid);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      // Forget every ended window while here, so the map holds only users active this minute.
      for (const [key, w] of this.windows) if (now - w.startedAt >= WINDOW_MS) this.windows.delete(key);
      this.windows.set(uid, { startedAt: now, count: 1 });
      return true;
    }
    if (window.count >= BEACONS_PER_MINUTE) return false;
    window.count += 1;
    return true;
  }

  /** Seconds until this user's window ends. */
  retryAfterSeconds(uid: string, now = Date.now()): number {
    const window = this.windows.get(uid);
    return window ? Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)) : 1;
  }
}

/** The process-wide limit, shared by every route bundle like the stream slots. */
export const beaconLimit: () => BeaconLimit = processSingleton('beacon-limit', () => new BeaconLimit());
