// The alert tests' starting point: at most `threshold` live-lane runs PENDING before they add their
// own (pendingCount counts the live lane; a bulk backlog has its own condition).
// Runs another test left PENDING are stale after the stack's ETL_SWEEP_PENDING_AFTER_SECONDS (45),
// when a sweep re-delivers them and they settle; so sweep until that happens, with a deadline.
import { adminApi } from './admin-api';
import { waitFor } from './wait';

/** Sweeps until at most `threshold` live-lane runs are PENDING; resolves with that count. */
export async function pendingAtMost(adminToken: string, threshold: number): Promise<number> {
  const count = await waitFor(
    `at most ${threshold} PENDING live runs (other tests' leftovers are re-delivered once stale)`,
    async () => {
      const sweep = async () => {
        const response = await adminApi('POST', '/sweep', { token: adminToken, body: {} });
        if (response.status !== 200) throw new Error(`POST /sweep answered ${response.status}`);
      };
      await sweep();
      const health = (await adminApi('GET', '/health', { token: adminToken })).body;
      const pending = health.pendingByLane.live as number;
      if (pending > threshold) return null;
      // The sweep above may have judged the figure before the leftovers settled: one more sweep
      // resolves a pendingCount alert it opened, and the start counts only once none is open.
      await sweep();
      const open = (await adminApi('GET', '/alerts', { token: adminToken })).body.open as { condition: string }[];
      // waitFor wants a truthy value; 0 PENDING is a success too.
      return open.some((a) => a.condition === 'pendingCount') ? null : { pending };
    },
    { timeoutMs: 150_000, intervalMs: 5_000 },
  );
  return count.pending;
}
