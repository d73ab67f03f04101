// The warehouse's settings read from the environment, without the adapters: the functions check
// them (connection budget, lease vs timeout) in every instance at load, and those that never touch
// the warehouse (the Firestore trigger) must not load pg or the Admin SDK's Data Connect for it.

// Five connections per process: the five functions with a pool (etlWorker, etlBulkWorker, etlAdmin,
// etlReaggregate, etlSweeper) run at most 12 + 1 + 2 + 1 + 1 instances, so 17 × 5 = 85 connections,
// plus the web's share, inside WAREHOUSE_CONNECTION_BUDGET (functions/src/params.ts, 180).
// functions/src/scaling.ts refuses to load past the budget; docs/scaling.md explains the numbers.
export const POOL_DEFAULTS = { max: 5, statementTimeoutMs: 30_000, lockTimeoutMs: 10_000 } as const;

export const DATA_CONNECT_DEFAULTS = { serviceId: 'trustrails', location: 'us-central1', connector: 'etl' } as const;
/** dataconnect/dataconnect.yaml's `datasource.postgresql.database`. */
export const CLOUD_SQL_DEFAULT_DATABASE = 'fdcdb';

export const WAREHOUSE_SETTINGS = {
  WAREHOUSE_ADAPTER: '"postgres" (default: SQL over pg) or "dataconnect" (the etl connector through the Admin SDK).',
  DATABASE_URL: 'postgres://user:pass@host:port/db, for local stacks, tests and self-managed PostgreSQL.',
  CLOUD_SQL_INSTANCE: 'The Data Connect Cloud SQL instance as project:region:instance; production connects through it.',
  CLOUD_SQL_DATABASE: `The database on that instance (default "${CLOUD_SQL_DEFAULT_DATABASE}", as in dataconnect.yaml).`,
  CLOUD_SQL_IAM_USER: "The server's service account email; it logs in with IAM database authentication.",
  WAREHOUSE_POOL_SIZE: `Connections per process, 1 to 100 (default ${POOL_DEFAULTS.max}).`,
  WAREHOUSE_STATEMENT_TIMEOUT_MS: `A statement running longer is cancelled, 100 to 600000 (default ${POOL_DEFAULTS.statementTimeoutMs}).`,
  WAREHOUSE_LOCK_TIMEOUT_MS: `A lock wait longer than this fails, 10 to 600000 (default ${POOL_DEFAULTS.lockTimeoutMs}).`,
  DATA_CONNECT_SERVICE_ID: `Data Connect service (default "${DATA_CONNECT_DEFAULTS.serviceId}").`,
  DATA_CONNECT_LOCATION: `Data Connect location (default "${DATA_CONNECT_DEFAULTS.location}").`,
  DATA_CONNECT_CONNECTOR: `Data Connect connector (default "${DATA_CONNECT_DEFAULTS.connector}").`,
} as const;

/** Where production's database is (postgres/cloud-sql.ts connects to it): a setting, so it lives here. */
export interface CloudSqlConfig {
  /** project:region:instance */
  instanceConnectionName: string;
  database: string;
  /** The service account's email; the database user is the email without `.gserviceaccount.com`. */
  iamUser: string;
}

export interface PostgresSettings {
  poolSize: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

export type WarehouseConfig =
  | ({ adapter: 'postgres'; databaseUrl: string } & Partial<PostgresSettings>)
  | ({ adapter: 'postgres'; cloudSql: CloudSqlConfig } & Partial<PostgresSettings>)
  | { adapter: 'dataconnect'; serviceId: string; location: string; connector: string };

type Env = Record<string, string | undefined>;

const invalid = (name: keyof typeof WAREHOUSE_SETTINGS, value: string, why = ''): Error =>
  new Error(`${name}="${value}" is not valid${why ? ` (${why})` : ''}: ${WAREHOUSE_SETTINGS[name]}`);

function int(env: Env, name: keyof typeof WAREHOUSE_SETTINGS, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(name, raw);
  return value;
}

/** Pool size and timeouts, validated (also used by the functions' connection budget). */
export function postgresSettingsFromEnv(env: Env): PostgresSettings {
  return {
    poolSize: int(env, 'WAREHOUSE_POOL_SIZE', POOL_DEFAULTS.max, 1, 100),
    statementTimeoutMs: int(env, 'WAREHOUSE_STATEMENT_TIMEOUT_MS', POOL_DEFAULTS.statementTimeoutMs, 100, 600_000),
    lockTimeoutMs: int(env, 'WAREHOUSE_LOCK_TIMEOUT_MS', POOL_DEFAULTS.lockTimeoutMs, 10, 600_000),
  };
}

function cloudSqlFromEnv(env: Env): CloudSqlConfig {
  const instance = env.CLOUD_SQL_INSTANCE!;
  if (!/^[a-z0-9:.-]+:[a-z0-9-]+:[a-z0-9-]+$/.test(instance))
    throw invalid('CLOUD_SQL_INSTANCE', instance, 'expected project:region:instance');
  const iamUser = env.CLOUD_SQL_IAM_USER;
  if (!iamUser)
    throw new Error(
      `CLOUD_SQL_INSTANCE is set but CLOUD_SQL_IAM_USER is not: ${WAREHOUSE_SETTINGS.CLOUD_SQL_IAM_USER}`,
    );
  if (!/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$|^[^@\s]+@developer\.gserviceaccount\.com$/.test(iamUser))
    throw invalid('CLOUD_SQL_IAM_USER', iamUser, 'expected a service account email ending in .gserviceaccount.com');
  return {
    instanceConnectionName: instance,
    database: env.CLOUD_SQL_DATABASE || CLOUD_SQL_DEFAULT_DATABASE,
    iamUser,
  };
}

export function warehouseConfigFromEnv(env: Env): WarehouseConfig {
  const adapter = env.WAREHOUSE_ADAPTER || 'postgres';
  if (adapter === 'postgres') {
    const settings = postgresSettingsFromEnv(env);
    if (env.DATABASE_URL && env.CLOUD_SQL_INSTANCE)
      throw new Error('set DATABASE_URL or CLOUD_SQL_INSTANCE, not both: the postgres adapter connects one way');
    if (env.CLOUD_SQL_INSTANCE) return { adapter, cloudSql: cloudSqlFromEnv(env), ...settings };
    if (env.DATABASE_URL) return { adapter, databaseUrl: env.DATABASE_URL, ...settings };
    throw new Error(
      `WAREHOUSE_ADAPTER=postgres (the default) needs CLOUD_SQL_INSTANCE and CLOUD_SQL_IAM_USER in production ` +
        `(${WAREHOUSE_SETTINGS.CLOUD_SQL_INSTANCE}) or DATABASE_URL (${WAREHOUSE_SETTINGS.DATABASE_URL})`,
    );
  }
  if (adapter === 'dataconnect') {
    return {
      adapter,
      serviceId: env.DATA_CONNECT_SERVICE_ID || DATA_CONNECT_DEFAULTS.serviceId,
      location: env.DATA_CONNECT_LOCATION || DATA_CONNECT_DEFAULTS.location,
      connector: env.DATA_CONNECT_CONNECTOR || DATA_CONNECT_DEFAULTS.connector,
    };
  }
  throw invalid('WAREHOUSE_ADAPTER', adapter);
}
