// A stand-in for Cloud Scheduler on the local stack. The Functions emulator exposes each onSchedule
// function as a Pub/Sub topic named firebase-schedule-<function> but never publishes to it, so
// the re-aggregation and the sweeper would never run locally. This publishes to every such topic
// on a fixed interval.
import { PubSub } from '@google-cloud/pubsub';
import { PROJECT_ID } from './ports';

export async function startLocalScheduler(
  intervalMs: number,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const pubsub = new PubSub({ projectId: PROJECT_ID });
  const [topics] = await pubsub.getTopics();
  const scheduled = topics.map((t) => t.name.split('/').pop()!).filter((name) => name.startsWith('firebase-schedule-'));
  log(`local scheduler: ${scheduled.join(', ') || 'no scheduled functions found'} every ${intervalMs / 1000}s`);
  const tick = async () => {
    await Promise.all(
      scheduled.map((name) =>
        pubsub.topic(name).publishMessage({ json: { source: 'local-scheduler', at: new Date().toISOString() } }),
      ),
    );
  };
  const timer = setInterval(
    () => void tick().catch((error: unknown) => log(`local scheduler: ${String(error)}`)),
    intervalMs,
  );
  return async () => {
    clearInterval(timer);
    await pubsub.close();
  };
}
