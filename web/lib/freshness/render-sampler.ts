// The dashboard's half of freshness as users see it, without React or timers: an etl_completed
// frame that carries the server's commit -> send is remembered with the browser's receive time
// (performance.now(), never the wall clock, which may differ from the server's by seconds), and
// the first render of cards whose figures differ from those on screen at receipt completes it. A
// sample is sent at most once per interval per tab (the rest are dropped: sampling), and a receipt
// whose cards never change (another month's rollover) is forgotten after a while.
import type { StreamMessage } from '@trustrails/contracts';
import type { FreshnessBeaconBody } from '@trustrails/contracts/freshness';

export interface SamplerOptions {
  /** The custodian whose cards are shown: only its signals are rendered by them. */
  custodianId: string;
  send: (beacon: FreshnessBeaconBody) => void;
  now: () => number;
  /** At most one beacon per this many ms from one tab. */
  minIntervalMs?: number;
  /** A receipt not rendered within this long is dropped. */
  maxWaitMs?: number;
}

interface Receipt {
  eventId: string;
  commitToSendMs: number;
  receivedAt: number;
  /** The cards' figures when the signal arrived: a render of other figures is the signal's. */
  cardsAtReceipt: string | null;
}

export const BEACON_MIN_INTERVAL_MS = 10_000;
const MAX_WAIT_MS = 30_000;

export class RenderSampler {
  private readonly pending: Receipt[] = [];
  private lastSentAt: number | null = null;
  private cards: string | null = null;

  constructor(private readonly options: SamplerOptions) {}

  /** Every stream message; only a live etl_completed for the shown custodian is kept. */
  received(message: StreamMessage, eventId: string): void {
    const mine =
      message.sourceCustodianId === this.options.custodianId ||
      message.destinationCustodianId === this.options.custodianId;
    if (message.type !== 'etl_completed' || !mine || typeof message.commitToSendMs !== 'number' || !eventId) return;
    this.pending.push({
      eventId,
      commitToSendMs: message.commitToSendMs,
      receivedAt: this.options.now(),
      cardsAtReceipt: this.cards,
    });
  }

  /** The cards were rendered with these figures (a key of them; null while unknown). */
  rendered(cards: string | null): void {
    this.cards = cards;
    const now = this.options.now();
    const done = this.pending.filter((r) => r.cardsAtReceipt !== cards && cards !== null);
    const kept = this.pending.filter(
      (r) => !done.includes(r) && now - r.receivedAt <= (this.options.maxWaitMs ?? MAX_WAIT_MS),
    );
    this.pending.splice(0, this.pending.length, ...kept);
    const sample = done.at(-1);
    if (!sample) return;
    const interval = this.options.minIntervalMs ?? BEACON_MIN_INTERVAL_MS;
    if (this.lastSentAt !== null && now - this.lastSentAt < interval) return;
    this.lastSentAt = now;
    this.options.send({
      eventId: sample.eventId,
      commitToSendMs: Math.round(sample.commitToSendMs),
      receiveToRenderMs: Math.round(now - sample.receivedAt),
    });
  }
}
