import 'server-only';
import { processSingleton } from '@/lib/process-singleton';
// Concurrent streams per user and per process. A stream holds a slot from its 200 until it ends,
// however it ends (client abort, lifetime, re-check, slow-client drop), so a leaked slot cannot
// lock a user out. The caps are web settings (lib/config.ts).
export type Release = () => void;

export type Refusal = 'user' | 'process';

export class StreamSlots {
  private readonly perUser = new Map<string, number>();
  private total = 0;

  /** A release function, or which cap refused the stream. */
  acquire(uid: string, caps: { perUser: number; perProcess: number }): Release | Refusal {
    if (this.total >= caps.perProcess) return 'process';
    const mine = this.perUser.get(uid) ?? 0;
    if (mine >= caps.perUser) return 'user';
    this.perUser.set(uid, mine + 1);
    this.total += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.total -= 1;
      const left = (this.perUser.get(uid) ?? 1) - 1;
      if (left > 0) this.perUser.set(uid, left);
      else this.perUser.delete(uid);
    };
  }

  /** Streams open in this process right now. */
  open(): number {
    return this.total;
  }
}

/** The process-wide slots, shared by every route bundle so each counts the same streams. */
export const streamSlots: () => StreamSlots = processSingleton('stream-slots', () => new StreamSlots());
