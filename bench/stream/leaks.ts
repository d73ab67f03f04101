// Leaks: connect/disconnect cycles against our server, then its RSS and heap growth and the
// listeners left. Two readings each: as production would see them (no forced GC), and after a
// forced full GC through the inspector (bench-only: the bench runs `next start` under --inspect,
// bench/stream/inspector.ts). Heap flat after a GC while RSS grows is memory the allocator keeps
// for reuse, not objects we retain; heap growth after a GC is a leak.
import { report } from '../lib/stats';
import type { WebServer } from '../../tests/e2e/support/web-server';
import type { Inspector, MemoryReading } from './inspector';
import { until } from './until';

/** Cycles before the baseline reading, so lazily loaded code and warmed caches are not counted as growth. */
const WARMUP_CYCLES = 100;

interface Stats {
  listeners: number;
  subscribers: number;
  rssBytes: number;
  heapUsedBytes: number;
}

const mb = (bytes: number) => bytes / 1_048_576;

function reportCollected(before: MemoryReading, after: MemoryReading): boolean {
  const growth = (key: keyof MemoryReading) => mb(after[key] - before[key]);
  console.log(
    `ours: the same cycles, read after a forced full GC (inspector): heap ${mb(before.heapUsedBytes).toFixed(1)} -> ` +
      `${mb(after.heapUsedBytes).toFixed(1)} MB, RSS ${mb(before.rssBytes).toFixed(1)} -> ${mb(after.rssBytes).toFixed(1)} MB`,
  );
  const ok = [
    report('server heap used growth, after a forced GC (a leak)', growth('heapUsedBytes'), 'MB', {
      op: '<=',
      value: 2,
    }),
    report('  V8 old space used growth, after a forced GC', growth('oldSpaceUsedBytes'), 'MB', null),
    report('  V8 heap reserved (heapTotal) growth', growth('heapTotalBytes'), 'MB', null),
    report('  external + array buffers growth', growth('externalBytes'), 'MB', null),
    report('server RSS growth, after a forced GC', growth('rssBytes'), 'MB', { op: '<=', value: 10 }),
    report(
      '  RSS outside the V8 heap and buffers (allocator)',
      mb(
        after.rssBytes -
          after.heapTotalBytes -
          after.externalBytes -
          (before.rssBytes - before.heapTotalBytes - before.externalBytes),
      ),
      'MB',
      null,
    ),
  ];
  return ok.every(Boolean);
}

export async function leaks(
  web: WebServer,
  token: string,
  cycles: number,
  inspector: Inspector | null,
): Promise<boolean> {
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
  const collectedBefore = await inspector?.collectedMemory();
  const before = await stats();
  await cycle(cycles);
  const after = await stats();
  const collectedAfter = await inspector?.collectedMemory();
  console.log(
    `ours: leaks, ${cycles} connect/disconnect cycles after ${WARMUP_CYCLES} warm-up cycles, ` +
      'readings without a forced GC (as production sees them)',
  );
  const plain = [
    report('server RSS growth, no forced GC', mb(after.rssBytes - before.rssBytes), 'MB', null),
    report('server heap growth, no forced GC', mb(after.heapUsedBytes - before.heapUsedBytes), 'MB', null),
    report('Firestore listeners after the cycles', after.listeners, '', { op: '<=', value: 1 }),
  ].every(Boolean);
  if (!collectedBefore || !collectedAfter) {
    console.log('ours: no inspector (E2E_BASE_URL?): no readings after a forced GC');
    return plain && report('server RSS growth', mb(after.rssBytes - before.rssBytes), 'MB', { op: '<=', value: 10 });
  }
  return reportCollected(collectedBefore, collectedAfter) && plain;
}
