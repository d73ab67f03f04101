// firebase-tools' own deploy code, called as `firebase deploy --only functions` calls it
// (lib/deploy/functions/prepare.js): discovery through the SDK's manifest with only Firebase's
// variables, then param resolution from the dotenv files, non-interactive. No network: discovery
// runs the functions locally and resolution reads files; secrets, which would call Secret Manager,
// are not used here.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportToEnvironment, settings } from '../settings';

const runtimes = require('firebase-tools/lib/deploy/functions/runtimes');
const functionsEnv = require('firebase-tools/lib/functions/env');
const build = require('firebase-tools/lib/deploy/functions/build');
const backend = require('firebase-tools/lib/deploy/functions/backend');

export const CHECK_PROJECT = 'deploy-check-project';

export interface ResolvedEndpoint {
  id: string;
  region: string;
  maxInstances?: number;
  concurrency?: number;
  availableMemoryMb?: number;
  timeoutSeconds?: number;
  serviceAccount?: string | null;
  scheduleTrigger?: { schedule: string };
  environmentVariables?: Record<string, string>;
}

export interface DiscoveredBuild {
  params: { name: string; type: string; default?: unknown; description?: string }[];
  endpoints: Record<string, Record<string, unknown>>;
}

const firebaseConfig = (projectId: string) => ({ projectId, storageBucket: `${projectId}.appspot.com` });

/** The SDK's manifest as firebase-tools reads it, the functions loaded with only Firebase's variables. */
export async function discover(projectDir: string, projectId = CHECK_PROJECT): Promise<DiscoveredBuild> {
  // firebase-tools waits 10 s for the functions to load; on a busy 2-core CI machine loading every
  // function can take longer. Its own variable (seconds) lifts that, as `firebase deploy` honours it.
  exportToEnvironment({ FUNCTIONS_DISCOVERY_TIMEOUT: settings.functionsDiscoveryTimeout() });
  const sourceDir = join(projectDir, 'functions');
  const delegate = await runtimes.getRuntimeDelegate({ projectId, projectDir, sourceDir, runtime: undefined });
  await delegate.validate();
  const config = firebaseConfig(projectId);
  return delegate.discoverBuild({ firebase: config }, functionsEnv.loadFirebaseEnvs(config, projectId));
}

/** What a non-interactive deploy would deploy with `envFile` as functions/.env.<projectId>. */
export async function resolveWithEnvFile(
  projectDir: string,
  discovered: DiscoveredBuild,
  envFile: string,
  projectId = CHECK_PROJECT,
): Promise<{ endpoints: ResolvedEndpoint[]; params: Record<string, string> }> {
  // A config folder of its own (firebase.json's functions.configDir), so the repository's
  // functions/.env.* files play no part and nothing is written beside them.
  const configDir = mkdtempSync(join(tmpdir(), 'deploy-check-env-'));
  try {
    copyFileSync(envFile, join(configDir, `.env.${projectId}`));
    const userEnvs = functionsEnv.loadUserEnvs({
      functionsSource: join(projectDir, 'functions'),
      configDir,
      projectId,
    });
    const { backend: resolved, envs } = await build.resolveBackend({
      build: discovered,
      firebaseConfig: firebaseConfig(projectId),
      userEnvs,
      nonInteractive: true,
      isEmulator: false,
    });
    const params = Object.fromEntries(
      Object.entries(envs as Record<string, { internal: boolean; toString(): string }>)
        .filter(([, value]) => !value.internal)
        .map(([name, value]) => [name, value.toString()]),
    );
    return { endpoints: backend.allEndpoints(resolved), params };
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}
