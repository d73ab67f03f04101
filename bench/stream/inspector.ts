// The bench-only window into our `next start`: it runs under `--inspect` (bench/stream/run.ts), and
// this client forces a full GC and reads the process's memory through the inspector, so production
// keeps no lever on its collector (the stats route's ?gc=1 is 404 there). Node's own WebSocket.
import { offset } from '../../scripts/stack/ports';

export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** V8's old space after the GC: where retained objects end up. */
  oldSpaceUsedBytes: number;
}

export interface Inspector {
  /** A full, forced collection, then the readings. */
  collectedMemory(): Promise<MemoryReading>;
  close(): void;
}

/** `--inspect` on a fixed port per stack offset, so the bench finds it without parsing logs. */
export const inspectorPort = () => 9_300 + offset;

const READ_MEMORY = `JSON.stringify((() => {
  const m = process.memoryUsage();
  const old = process.getBuiltinModule('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external,
    arrayBuffersBytes: m.arrayBuffers, oldSpaceUsedBytes: old ? old.space_used_size : 0 };
})())`;

export async function connectInspector(port = inspectorPort()): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 0;
  const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  };
  const send = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, (message) => {
        waiting.delete(id);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async collectedMemory() {
      // Twice: the first pass runs finalizers that free more for the second.
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      const result = (await send('Runtime.evaluate', { expression: READ_MEMORY, returnByValue: true })) as {
        result: { value: string };
      };
      return JSON.parse(result.result.value) as MemoryReading;
    },
    close: () => socket.close(),
  };
}
