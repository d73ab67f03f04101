// The environment App Hosting gives the server: web/apphosting.yaml's RUNTIME variables, with a
// stand-in for each Secret Manager reference (the real values live in the project, never here),
// plus what Cloud Run sets itself. Starting the bundle with it checks apphosting.yaml against the
// settings web/lib/config.ts requires: a missing or invalid one stops the server at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WEB } from './adapter-build';
import { liveEnv } from '../../../settings';

/** The public origin the rehearsal pretends the backend has (redirects must name it). */
export const REHEARSAL_ORIGIN = 'https://trustrails-web--deploy-check.us-central1.hosted.app';

/** Stand-ins for apphosting.yaml's secrets, shaped like real values so they pass validation. */
const SECRET_STAND_INS: Record<string, string> = {
  GCLOUD_PROJECT: 'deploy-check',
  FIREBASE_API_KEY: 'deploy-check-web-api-key',
  APP_ORIGIN: REHEARSAL_ORIGIN,
  CLOUD_SQL_INSTANCE: 'deploy-check:us-central1:trustrails-fdc',
  CLOUD_SQL_IAM_USER: 'trustrails-web@deploy-check.iam.gserviceaccount.com',
};

interface EnvEntry {
  variable: string;
  value?: string;
  secret?: string;
  availability?: string[];
}

export interface AppHostingYaml {
  runConfig?: Record<string, number | undefined>;
  env?: EnvEntry[];
}

export function readAppHostingYaml(): AppHostingYaml {
  try {
    return parse(readFileSync(join(WEB, 'apphosting.yaml'), 'utf8')) as AppHostingYaml;
  } catch (error) {
    throw new Error(`web/apphosting.yaml cannot be read: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
}

/** Throws unless runConfig sizes the service (App Hosting's defaults would cap SSE and the database budget). */
export function checkRunConfig(yaml: AppHostingYaml): void {
  const run = yaml.runConfig ?? {};
  const missing = ['concurrency', 'minInstances', 'maxInstances', 'cpu', 'memoryMiB'].filter(
    (key) => typeof run[key] !== 'number',
  );
  if (missing.length) throw new Error(`web/apphosting.yaml runConfig lacks ${missing.join(', ')}`);
}

/** The server's environment as App Hosting would set it at runtime, on `port`. */
export function runtimeEnv(yaml: AppHostingYaml, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: liveEnv().PATH,
    HOME: liveEnv().HOME,
    PORT: String(port),
    // Cloud Run's server listens on every interface; Next then names 0.0.0.0 in request.url.
    HOSTNAME: '0.0.0.0',
    // No Google metadata server here; the /login page and its assets need no Google call.
    METADATA_SERVER_DETECTION: 'none',
  };
  for (const entry of yaml.env ?? []) {
    if (entry.availability && !entry.availability.includes('RUNTIME')) continue;
    if (entry.secret !== undefined) {
      const standIn = SECRET_STAND_INS[entry.variable];
      if (!standIn) throw new Error(`apphosting.yaml secret ${entry.variable} has no rehearsal stand-in`);
      env[entry.variable] = standIn;
    } else env[entry.variable] = entry.value;
  }
  return env;
}
