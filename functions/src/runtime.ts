// Process-wide clients, created on first use and reused across invocations: connection setup
// (Pub/Sub channel, pg pool) costs far more than the work of one invocation. Topics are never
// created here: every topic has a subscribing function, so `firebase deploy` (and the emulator)
// creates it, and the functions' service accounts need only the publisher role.
// @google-cloud/pubsub is imported on first publish, not at load: it was a third of the bundle's
// load time, and every function instance (every emulator worker) loads the whole bundle while
// most of them never publish. The warehouse (and pg with it) is required on first use for the same
// reason: of the instances that load this module, only the worker and the maintenance jobs use it.
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import type * as WarehouseModule from '@trustrails/warehouse';
import type { Warehouse } from '@trustrails/warehouse';
import { functionsWarehouseConfig } from './warehouse-config';

let firestore: Firestore | undefined;
let pubsub: Promise<PubSub> | undefined;
let warehouse: Warehouse | undefined;
const topics = new Map<string, Topic>();

/** The default app; firebase-functions may have created named apps of its own already. */
function defaultApp(): App {
  return getApps().find((app) => app.name === '[DEFAULT]') ?? initializeApp();
}

export function db(): Firestore {
  firestore ??= getFirestore(defaultApp());
  return firestore;
}

async function topic(name: string): Promise<Topic> {
  pubsub ??= import('@google-cloud/pubsub').then(({ PubSub }) => new PubSub());
  const client = await pubsub;
  let t = topics.get(name);
  if (!t) {
    // One message per rollover, latency-sensitive: send at once rather than batching.
    t = client.topic(name, { batching: { maxMessages: 1, maxMilliseconds: 0 } });
    topics.set(name, t);
  }
  return t;
}

/** Starts loading the Pub/Sub client and the topic now, off the path of the first publish. */
export function preparePublishing(topicName: string): void {
  topic(topicName).catch(() => undefined);
}

export async function publishJson(topicName: string, json: object): Promise<string> {
  return (await topic(topicName)).publishMessage({ json });
}

export function relationalStore(): Warehouse {
  if (!warehouse) {
    // require (synchronous) so that callers keep a plain Warehouse; esbuild evaluates it here, once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createWarehouse } = require('@trustrails/warehouse') as typeof WarehouseModule;
    warehouse = createWarehouse(functionsWarehouseConfig());
  }
  return warehouse;
}
