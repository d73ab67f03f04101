// Offline emulator wiring: firebase-tools downloads the Firestore and Pub/Sub emulator jars on
// first use, which fails without internet. When the Google Cloud CLI ships them, point
// firebase-tools at them through its *_EMULATOR_BINARY_PATH overrides instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveEnv, settings } from '../settings';

const FIRESTORE_MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

// The Firestore and Pub/Sub emulator jars need Java 11. firebase-tools 14 warns below 21 and runs
// them on 17, Debian bookworm's Java, which our machines run; 15 refuses below 21 (docs/local-stack.md, "Why
// firebase-tools 14.27.0").
export const MIN_JAVA_MAJOR = 11;
const JAVA_FIX = 'Fix: apt-get install openjdk-17-jre-headless';

/** The major of `java -version`'s output: "17.0.15" → 17, the old scheme's "1.8.0_392" → 8. */
function javaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  return Number(match[1] === '1' ? match[2] : match[1]);
}

/** Throws, naming the one-line fix, when `java` on env's PATH is missing or older than MIN_JAVA_MAJOR. */
export function assertJava(env: NodeJS.ProcessEnv = liveEnv()): void {
  // `java -version` prints to stderr.
  const probe = spawnSync('java', ['-version'], { env, encoding: 'utf8', timeout: 30_000 });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `Java was not found on PATH (or \`java -version\` failed); the Firestore and Pub/Sub emulators need ` +
        `Java ${MIN_JAVA_MAJOR} or newer. ${JAVA_FIX}`,
    );
  const major = javaMajor(`${probe.stdout}${probe.stderr}`);
  // An unrecognised version line is let through: firebase-tools itself only warns on it.
  if (major !== undefined && major < MIN_JAVA_MAJOR)
    throw new Error(
      `Java ${major} is on PATH, but the Firestore and Pub/Sub emulators need Java ${MIN_JAVA_MAJOR} or newer. ` +
        `${JAVA_FIX} (and put its java first on PATH)`,
    );
}

function commandOutput(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

function gcloudSdkRoot(): string | undefined {
  const fromEnv = settings.cloudSdkRootDir();
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const fromCli = commandOutput('gcloud', ['info', '--format=value(installation.sdk_root)']);
  if (fromCli && existsSync(fromCli)) return fromCli;
  const debianDefault = '/usr/lib/google-cloud-sdk';
  return existsSync(debianDefault) ? debianDefault : undefined;
}

/** A jar holding only a manifest, because the gcloud jar's own manifest has no Main-Class. */
function buildFirestoreWrapperJar(realJar: string, cacheDir: string): string {
  const wrapper = join(cacheDir, 'cloud-firestore-emulator-wrapper.jar');
  if (existsSync(wrapper)) return wrapper;
  const work = mkdtempSync(join(tmpdir(), 'firestore-wrapper-'));
  try {
    const manifest = join(work, 'MANIFEST.MF');
    writeFileSync(manifest, `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: file:${realJar}\n`);
    execFileSync('jar', ['--create', '--file', wrapper, '--manifest', manifest], { stdio: 'pipe' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return wrapper;
}

/** firebase-tools runs `chmod 755` on the override path, so point it at a link of our own. */
function linkPubsubEmulator(realScript: string, cacheDir: string): string {
  const link = join(cacheDir, 'cloud-pubsub-emulator');
  if (!existsSync(link)) symlinkSync(realScript, link);
  return link;
}

export interface EmulatorBinaries {
  source: 'gcloud' | 'download';
  env: Record<string, string>;
}

/**
 * Returns the environment overrides for firebase-tools. Without gcloud's jars the overrides are
 * empty and firebase-tools downloads its own, which needs internet.
 */
export function resolveEmulatorBinaries(cacheDir: string): EmulatorBinaries {
  assertJava();
  const sdkRoot = gcloudSdkRoot();
  const firestoreJar = sdkRoot && join(sdkRoot, 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar');
  const pubsubScript = sdkRoot && join(sdkRoot, 'platform/pubsub-emulator/bin/cloud-pubsub-emulator');
  if (!firestoreJar || !pubsubScript || !existsSync(firestoreJar) || !existsSync(pubsubScript)) {
    return { source: 'download', env: {} };
  }
  mkdirSync(cacheDir, { recursive: true });
  return {
    source: 'gcloud',
    env: {
      FIRESTORE_EMULATOR_BINARY_PATH: buildFirestoreWrapperJar(firestoreJar, cacheDir),
      PUBSUB_EMULATOR_BINARY_PATH: linkPubsubEmulator(pubsubScript, cacheDir),
    },
  };
}
