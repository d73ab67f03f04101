// In-delivery retry for transient faults (a dropped connection, a lock timeout). Phases are
// idempotent, so re-running one is safe. Longer outages fall through to redelivery: Pub/Sub
// in production, the sweeper locally (the emulator acks every message whatever the result).
import { classifyError } from './errors';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
}

export const PHASE_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 100 };

export async function retryTransient<T>(
  work: () => Promise<T>,
  policy: RetryPolicy,
  onRetry: (error: unknown, retry: number) => void,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await work();
    } catch (error) {
      if (retry >= policy.retries || !classifyError(error).retryable) throw error;
      onRetry(error, retry + 1);
      // Exponential backoff with jitter, so concurrent workers do not retry in lockstep.
      const delay = policy.baseDelayMs * 2 ** retry * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
