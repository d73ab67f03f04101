// The floor codebase's functions, deployed only by `exec.ts --etl-floor` (npm run bench:etl).
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Topic } from '@google-cloud/pubsub';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { FLOOR_EVENTS, FLOOR_TOPIC } from './names';
import { handleFloorEventCreated, handleFloorMessage } from './pipeline';

const db = () => getFirestore(getApps().find((app) => app.name === '[DEFAULT]') ?? initializeApp());

// Like functions/src/runtime.ts: one client per process, loaded on first publish, no batching delay.
let topic: Promise<Topic> | undefined;
async function publish(message: object): Promise<void> {
  topic ??= import('@google-cloud/pubsub').then(({ PubSub }) =>
    new PubSub().topic(FLOOR_TOPIC, { batching: { maxMessages: 1, maxMilliseconds: 0 } }),
  );
  await (await topic).publishMessage({ json: message });
}

export const floorOnEventCreated = onDocumentCreated({ document: `${FLOOR_EVENTS}/{eventId}`, retry: true }, (event) =>
  handleFloorEventCreated(publish, event.data?.data()),
);

export const floorWorker = onMessagePublished({ topic: FLOOR_TOPIC, retry: true }, (event) =>
  handleFloorMessage(
    db(),
    parseJson(() => event.data.message.json),
  ),
);

/** A body that is not JSON is acknowledged (undefined fails the message schema), as ours does. */
function parseJson(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}
