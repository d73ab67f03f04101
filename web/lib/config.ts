import 'server-only';
// The web server's settings, declared once with a description and checked once. instrumentation.ts
// loads them when the server starts, so a missing or bad setting stops it with the setting's name
// instead of failing a request later. Emulator defaults (the demo project and API key) apply only
// while the emulators are in use; a real deployment must say what it talks to.
import { warehouseConfigFromEnv, type WarehouseConfig } from '@trustrails/warehouse';
import { z } from 'zod';

type Env = Record<string, string | undefined>;

/** Every setting the web server reads, with what it is for (shown in errors and docs/security-web.md). */
export const SETTINGS = {
  GCLOUD_PROJECT:
    'the Firebase project id (FIREBASE_PROJECT_ID or GOOGLE_CLOUD_PROJECT also work); "demo-trustrails" with the emulators',
  FIREBASE_API_KEY:
    'the Firebase web API key, for browser sign-in and the admin proxy; "demo-api-key" with the emulators',
  FIREBASE_AUTH_DOMAIN: 'the Firebase Auth domain handed to the browser (optional)',
  APP_ORIGIN:
    "the dashboard's public origin (https://host[:port]), the only origin allowed to send state-changing requests; with the emulators, the request's own origin",
  FIREBASE_AUTH_EMULATOR_HOST: 'host:port of the Auth emulator (local stack only)',
  FIRESTORE_EMULATOR_HOST: 'host:port of the Firestore emulator (local stack only)',
  FUNCTIONS_EMULATOR_HOST: 'host:port of the Functions emulator, where etlAdmin answers locally',
  ETL_ADMIN_URL: 'the etlAdmin function URL; default: the emulator, else the project default URL',
  AUTH_CACHE_TTL_MS:
    'how long a verified session or ID token is trusted before it is re-checked for revocation, disabled user and claims (0 to 30000 ms)',
  DASHBOARD_FALLBACK_MS: 'how long the dashboard waits for etl.completed before revalidating anyway (ms)',
  SSE_HEARTBEAT_MS: "interval of the streams' `: ping` comments; at most 15 s, as promised to clients (10 to 15000 ms)",
  SSE_RECHECK_MS: 'how often an open stream re-verifies its caller (50 to 30000 ms)',
  SSE_MAX_LIFETIME_MS:
    'the longest a stream stays open before it ends cleanly and the client resumes with Last-Event-ID (500 to 3600000 ms)',
  SSE_MAX_STREAMS_PER_USER: 'open streams one user may hold; past it a new one gets 429 (1 to 100000)',
  SSE_MAX_STREAMS_PER_PROCESS: 'open streams one server process may hold; past it a new one gets 429 (1 to 100000)',
  SSE_REPLAY_BUFFER_EVENTS: 'events kept in memory for Last-Event-ID replay, about 0.5 KB each (100 to 200000)',
  SSE_REPLAY_WINDOW_MS:
    'how far back a Last-Event-ID reconnect is replayed; a client away longer refetches instead (1000 to 86400000 ms)',
  SSE_MAX_QUEUED_BYTES: 'bytes queued for a client that does not read before it is dropped (1024 to 67108864)',
  SSE_STATS_ENABLED:
    '"true" serves /api/events/stats in production too (the stream benchmark), but never its ?gc=1; default: outside production only',
} as const;

type SettingName = keyof typeof SETTINGS;

const text = z.string().trim().min(1);
const hostPort = text.regex(/^[\w.-]+:\d+$/, 'must be host:port');
const wholeMs = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int(`must be a whole number of milliseconds`)
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`)
    .default(fallback);

const whole = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`)
    .default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  GCLOUD_PROJECT: text.optional(),
  FIREBASE_PROJECT_ID: text.optional(),
  GOOGLE_CLOUD_PROJECT: text.optional(),
  FIREBASE_API_KEY: text.optional(),
  FIREBASE_AUTH_DOMAIN: text.optional(),
  APP_ORIGIN: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) origin such as https://dashboard.example.com' })
    .transform((value) => new URL(value).origin)
    .optional(),
  FIREBASE_AUTH_EMULATOR_HOST: hostPort.optional(),
  FIRESTORE_EMULATOR_HOST: hostPort.optional(),
  FUNCTIONS_EMULATOR_HOST: hostPort.optional(),
  ETL_ADMIN_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  // At most 30 s, so that a stream re-checking its identity every 30 s loses access within 60 s.
  AUTH_CACHE_TTL_MS: wholeMs(0, 30_000, 30_000),
  DASHBOARD_FALLBACK_MS: wholeMs(1, 600_000, 5_000),
  SSE_HEARTBEAT_MS: wholeMs(10, 15_000, 10_000),
  SSE_RECHECK_MS: wholeMs(50, 30_000, 30_000),
  SSE_MAX_LIFETIME_MS: wholeMs(500, 3_600_000, 15 * 60_000),
  SSE_MAX_STREAMS_PER_USER: whole(1, 100_000, 10),
  SSE_MAX_STREAMS_PER_PROCESS: whole(1, 100_000, 2_000),
  SSE_REPLAY_BUFFER_EVENTS: whole(100, 200_000, 10_000),
  SSE_REPLAY_WINDOW_MS: wholeMs(1_000, 86_400_000, 5 * 60_000),
  SSE_MAX_QUEUED_BYTES: whole(1_024, 64 * 1_048_576, 256 * 1_024),
  SSE_STATS_ENABLED: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
});

/** The SSE streams' limits and timings (docs/security-streams.md). */
export interface StreamSettings {
  heartbeatMs: number;
  recheckMs: number;
  maxLifetimeMs: number;
  maxStreamsPerUser: number;
  maxStreamsPerProcess: number;
  replayBufferEvents: number;
  /** How far back a Last-Event-ID reconnect is replayed. */
  replayWindowMs: number;
  maxQueuedBytes: number;
  /** /api/events/stats answers (else 404). */
  statsEnabled: boolean;
}

export interface WebConfig {
  production: boolean;
  /** `next dev`: its React needs eval (the CSP allows it then only). */
  development: boolean;
  /** True when the Auth or Firestore emulator is configured: the only case where demo defaults apply. */
  emulators: boolean;
  projectId: string;
  firebaseApiKey: string;
  firebaseAuthDomain: string | null;
  /** null with the emulators: the request's own origin is used instead. */
  appOrigin: string | null;
  authEmulatorHost: string | null;
  firestoreEmulatorHost: string | null;
  functionsEmulatorHost: string | null;
  etlAdminUrl: string | null;
  authCacheTtlMs: number;
  dashboardFallbackMs: number;
  /** The relational store, chosen by WAREHOUSE_ADAPTER like the functions (validated by the warehouse package). */
  warehouse: WarehouseConfig;
  streams: StreamSettings;
}

const describe = (name: string): string => (name in SETTINGS ? ` (${SETTINGS[name as SettingName]})` : '');

/** Parses and checks an environment; throws one error naming every setting at fault. */
export function loadWebConfig(env: Env): WebConfig {
  // An empty variable means "not set", as in a shell's `FOO= next start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      return `${name}="${present[name] ?? ''}" is not valid: ${issue.message}${describe(name)}`;
    });
    throw new Error(`web settings: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const emulators = Boolean(e.FIREBASE_AUTH_EMULATOR_HOST || e.FIRESTORE_EMULATOR_HOST);
  const projectId =
    e.GCLOUD_PROJECT ?? e.FIREBASE_PROJECT_ID ?? e.GOOGLE_CLOUD_PROJECT ?? (emulators ? 'demo-trustrails' : undefined);
  const firebaseApiKey = e.FIREBASE_API_KEY ?? (emulators ? 'demo-api-key' : undefined);
  const missing: SettingName[] = [];
  if (!projectId) missing.push('GCLOUD_PROJECT');
  if (!firebaseApiKey) missing.push('FIREBASE_API_KEY');
  if (!emulators && !e.APP_ORIGIN) missing.push('APP_ORIGIN');
  if (missing.length > 0) {
    throw new Error(
      `web settings: missing ${missing.map((name) => `${name}${describe(name)}`).join('; ')}. ` +
        'Demo defaults apply only with the emulators (FIREBASE_AUTH_EMULATOR_HOST or FIRESTORE_EMULATOR_HOST).',
    );
  }
  return {
    production: e.NODE_ENV === 'production',
    development: e.NODE_ENV === 'development',
    emulators,
    projectId: projectId!,
    firebaseApiKey: firebaseApiKey!,
    firebaseAuthDomain: e.FIREBASE_AUTH_DOMAIN ?? null,
    appOrigin: e.APP_ORIGIN ?? null,
    authEmulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST ?? null,
    firestoreEmulatorHost: e.FIRESTORE_EMULATOR_HOST ?? null,
    functionsEmulatorHost: e.FUNCTIONS_EMULATOR_HOST ?? null,
    etlAdminUrl: e.ETL_ADMIN_URL ?? null,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    dashboardFallbackMs: e.DASHBOARD_FALLBACK_MS,
    warehouse: warehouseConfigFromEnv(env),
    streams: {
      heartbeatMs: e.SSE_HEARTBEAT_MS,
      recheckMs: e.SSE_RECHECK_MS,
      maxLifetimeMs: e.SSE_MAX_LIFETIME_MS,
      maxStreamsPerUser: e.SSE_MAX_STREAMS_PER_USER,
      maxStreamsPerProcess: e.SSE_MAX_STREAMS_PER_PROCESS,
      replayBufferEvents: e.SSE_REPLAY_BUFFER_EVENTS,
      replayWindowMs: e.SSE_REPLAY_WINDOW_MS,
      maxQueuedBytes: e.SSE_MAX_QUEUED_BYTES,
      statsEnabled: e.SSE_STATS_ENABLED ? e.SSE_STATS_ENABLED === 'true' : e.NODE_ENV !== 'production',
    },
  };
}

let loaded: WebConfig | undefined;

/** This process's settings, read from the environment once (first at server start). */
export function webConfig(): WebConfig {
  loaded ??= loadWebConfig(process.env);
  return loaded;
}

/** For the server's start hook: Next logs a failed register() but keeps serving, and a server
 * without its settings must not, so a bad setting ends the process here. */
export function webConfigOrExit(): WebConfig {
  try {
    return webConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
