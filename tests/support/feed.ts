// Feeds many rollover lifecycles to the stack with at most `window` of them unfinished at a time.
// The Functions emulator starts one worker process per concurrent invocation with no upper bound,
// so an unthrottled burst of thousands of events exhausts memory on a 2-core, 24 GB machine;
// production Cloud Functions would queue and scale instead.
import type { Firestore } from 'firebase-admin/firestore';
import { writeEvents, type EventDoc } from './lifecycle';

export interface FeedResult {
  completed: number;
  ms: number;
}

export async function feedRollovers(
  db: Firestore,
  rollovers: { before: EventDoc[]; completed: EventDoc }[],
  options: {
    window: number;
    chunk?: number;
    timeoutMs: number;
    onProgress?: (done: number) => void;
    /** Where the lifecycles go and etl.completed is awaited; bench:etl's floor pipeline has its own. */
    collection?: string;
  },
): Promise<FeedResult> {
  const pending = new Set(rollovers.map((l) => l.completed.data.rolloverId as string));
  const total = pending.size;
  let completed = 0;
  const started = new Date();
  const t0 = performance.now();
  let lastAt = t0;
  const allDone = new Promise<void>((resolve, reject) => {
    const stop = db
      .collection(options.collection ?? 'events')
      .where('eventType', '==', 'etl.completed')
      .where('timestamp', '>=', started)
      .onSnapshot((snap) => {
        for (const change of snap.docChanges()) {
          if (change.type === 'added' && pending.delete(change.doc.get('rolloverId'))) {
            completed += 1;
            lastAt = performance.now();
            if (completed % 100 === 0) options.onProgress?.(completed);
          }
        }
        if (pending.size === 0) {
          stop();
          resolve();
        }
      }, reject);
  });
  const deadline = Date.now() + options.timeoutMs;
  const chunk = options.chunk ?? 25;
  for (let written = 0; written < rollovers.length;) {
    if (Date.now() > deadline) break;
    if (written - completed >= options.window) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const next = rollovers.slice(written, written + chunk);
    await writeEvents(
      db,
      next.flatMap((l) => [...l.before, l.completed]),
      options.collection,
    );
    written += next.length;
  }
  await Promise.race([allDone, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
  if (completed < total)
    throw new Error(`only ${completed} of ${total} rollovers completed within ${options.timeoutMs / 1000}s`);
  return { completed, ms: lastAt - t0 };
}
