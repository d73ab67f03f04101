// After a start, the first rollover would pay for a new worker instance: its process, its code, its
// Firestore client and warehouse pool (seconds, against a fraction of that warm; issue 12). npm start
// therefore publishes one warm-up message (the contracts' EtlWarmUpMessage) to the worker's topic
// on the Pub/Sub emulator, over its REST API; the worker readies itself with reads only and acks it.
import { ETL_TOPIC, EtlWarmUpMessage } from '@trustrails/contracts';
import { PROJECT_ID, ports } from './ports';

export async function warmUpWorker(): Promise<void> {
  const message = EtlWarmUpMessage.parse({ warmUp: true });
  const url = `http://127.0.0.1:${ports.pubsub}/v1/projects/${PROJECT_ID}/topics/${ETL_TOPIC}:publish`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ data: Buffer.from(JSON.stringify(message)).toString('base64') }] }),
  });
  if (!response.ok)
    throw new Error(`publishing the warm-up message failed: ${response.status} ${await response.text()}`);
}
