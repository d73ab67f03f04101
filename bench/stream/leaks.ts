// Leaks: connect/disconnect cycles against our server, then its RSS and heap growth and the
// listeners left. Readings without a forced GC: `next start` is production, where ?gc=1 is 404.
import { report } from '../lib/stats';
import type { WebServer } from '../../tests/e2e/support/web-server';
import { until } from './until';

/** Cycles before the baseline reading, so lazily loaded code and warmed caches are not counted as growth. */
const WARMUP_CYCLES = 100;

interface Stats {
  listeners: number;
  subscribers: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export async function leaks(web: WebServer, token: string, cycles: number): Promise<boolean> {
  const stats = async (): Promise<Stats> =>
    (
      await fetch(`${web.baseUrl}/api/events/stats`, { headers: { authorization: `Bearer ${token}` } })
    ).json() as Promise<Stats>;
  const once = async () => {
    const abort = new AbortController();
    const response = await fetch(`${web.baseUrl}/api/events/global-stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    await response.body!.getReader().read();
    abort.abort();
  };
  const cycle = async (count: number) => {
    for (let done = 0; done < count; done += 20)
      await Promise.all(Array.from({ length: Math.min(20, count - done) }, once));
    await until('every subscriber gone', async () => (await stats()).subscribers === 0);
  };
  await cycle(WARMUP_CYCLES);
  const before = await stats();
  await cycle(cycles);
  const after = await stats();
  const mb = (bytes: number) => bytes / 1_048_576;
  console.log(
    `ours: leaks, ${cycles} connect/disconnect cycles after ${WARMUP_CYCLES} warm-up cycles, ` +
      'readings without a forced GC (production has no ?gc=1)',
  );
  return [
    report('server RSS growth', mb(after.rssBytes - before.rssBytes), 'MB', { op: '<=', value: 10 }),
    report('server heap growth', mb(after.heapUsedBytes - before.heapUsedBytes), 'MB', null),
    report('Firestore listeners after the cycles', after.listeners, '', { op: '<=', value: 1 }),
  ].every(Boolean);
}
