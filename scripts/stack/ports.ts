// The local stack's ports (docs/contracts/ports.md), optionally shifted by STACK_PORT_OFFSET so that a
// second stack (another checkout, a parallel helper) can run beside the first one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveEnv, settings } from '../settings';

export const ROOT = join(__dirname, '..', '..');
export const PROJECT_ID = 'demo-trustrails';
export const EMULATORS = ['auth', 'firestore', 'functions', 'pubsub'] as const;

export const offset = settings.stackPortOffset();

export const ports = {
  firestore: 8080 + offset,
  functions: 5001 + offset,
  pubsub: 8085 + offset,
  auth: 9099 + offset,
  hub: 4400 + offset,
  logging: 4500 + offset,
  eventarc: 9299 + offset,
  tasks: 9499 + offset,
  web: 3000 + offset,
  postgres: 54329 + offset,
};

/**
 * The firebase.json to pass with --config: the committed one, or a shifted copy. With `etlFloor`,
 * the copy also deploys bench/etl/floor as a second codebase: the benchmark's floor pipeline,
 * which must never reach `npm start` or a deploy, so the committed firebase.json never lists it.
 */
export function firebaseConfigPath(options: { etlFloor?: boolean } = {}): string {
  const base = join(ROOT, 'firebase.json');
  if (offset === 0 && !options.etlFloor) return base;
  const config = JSON.parse(readFileSync(base, 'utf8'));
  for (const [name, settings] of Object.entries(config.emulators) as [keyof typeof ports, { port?: number }][]) {
    if (settings.port !== undefined) settings.port = ports[name];
  }
  if (options.etlFloor) config.functions.push({ source: 'bench/etl/floor', codebase: 'floor', ignore: ['src'] });
  // Beside firebase.json, because firebase-tools resolves `functions/` and rules relative to it.
  const shifted = join(ROOT, `.firebase.offset-${offset}${options.etlFloor ? '-floor' : ''}.json`);
  writeFileSync(shifted, JSON.stringify(config, null, 2));
  return shifted;
}

/** What the emulators' clients need, as firebase emulators:exec would set it. */
export function emulatorClientEnv(): Record<string, string> {
  return {
    GCLOUD_PROJECT: PROJECT_ID,
    FIREBASE_PROJECT_ID: PROJECT_ID,
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${ports.pubsub}`,
    FUNCTIONS_EMULATOR_HOST: `127.0.0.1:${ports.functions}`,
    // Without this the Google client libraries probe the metadata server and log warnings.
    METADATA_SERVER_DETECTION: 'none',
  };
}

/** The environment every process of the local stack gets: emulator clients, the warehouse, overrides. */
export function stackEnv(binaryOverrides: Record<string, string>, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...liveEnv(),
    ...binaryOverrides,
    ...emulatorClientEnv(),
    DATABASE_URL: databaseUrl,
    WAREHOUSE_ADAPTER: 'postgres',
    // The web server's pool (the functions' is the WAREHOUSE_POOL_SIZE param, 2 in
    // functions/.env.demo-trustrails, which the Functions emulator reads and prefers to this).
    WAREHOUSE_POOL_SIZE: settings.warehousePoolSize(),
    // The Functions emulator gives a new worker process 30 s to load the bundle, then fails the
    // invocation and acks its message, which is then lost until a sweep. In a burst, dozens of
    // workers start at once on two cores and some need longer; Cloud Functions queues instead.
    FUNCTIONS_DISCOVERY_TIMEOUT: settings.functionsDiscoveryTimeout(),
    // The Pub/Sub emulator acknowledges a message whose function failed and never redelivers it,
    // so locally the sweeper is the only redelivery (Pub/Sub retries within seconds in production).
    // Sweeping every minute (ETL_MAINTENANCE_SCHEDULE in functions/.env.demo-trustrails), a PENDING
    // run 45 s after its last failure, heals an outage within about two minutes of its end
    // (npm run bench:heal).
    ETL_SWEEP_PENDING_AFTER_SECONDS: settings.sweepPendingAfterSeconds(),
  };
}
