// Every setting the scripts read from the environment, declared once with its description and
// checked on first use: a bad value throws naming the variable, the value and what is valid. Each
// is read once (then remembered), when first asked for, so a script that never needs a setting is
// never stopped by it. Nothing else under scripts/ touches process.env (a repository test holds
// that), except scripts/runtime/node-major.cjs, which must run before any TypeScript loads.
//
// Two other uses of the environment live here too, since they are not settings: the environment a
// child process inherits (`liveEnv`), and the variables this process sets for its children and its
// own emulator clients (`exportToEnvironment`).

type Parse<T> = (raw: string | undefined) => T;

/** A setting: read once, on first use, and parsed; `describe` says what it is for and what is valid. */
function setting<T>(name: string, describe: string, parse: Parse<T>): () => T {
  let read: { value: T } | undefined;
  return () => {
    if (!read) {
      const raw = process.env[name];
      try {
        read = { value: parse(raw) };
      } catch (error) {
        throw new Error(`${name}="${raw}" is not valid: ${describe} ${(error as Error).message}`, { cause: error });
      }
    }
    return read.value;
  };
}

/** Unset (or empty) is undefined: the caller's default applies. */
const optionalText: Parse<string | undefined> = (raw) => (raw === undefined || raw === '' ? undefined : raw);

const wholeNumber =
  (min: number, max: number): Parse<number | undefined> =>
  (raw) => {
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`Use a whole number from ${min} to ${max}.`);
    return value;
  };

/** A value handed on to the functions as it is (they check it); unset keeps the stack's default. */
const passedOn =
  (fallback: string): Parse<string> =>
  (raw) => {
    if (raw === undefined) return fallback;
    if (!/^\d*$/.test(raw)) throw new Error('Use a whole number, or leave it unset for the stack default.');
    return raw;
  };

export const settings = {
  // The local stack (scripts/stack).
  stackPortOffset: setting(
    'STACK_PORT_OFFSET',
    'Shifts every port of the local stack, so that a second stack can run beside the first.',
    (raw) => wholeNumber(0, 1000)(raw) ?? 0,
  ),
  stackDataDir: setting(
    'STACK_DATA_DIR',
    "`npm start`'s data folder instead of .data/ (the cold-start bench uses a temporary one).",
    optionalText,
  ),
  databaseUrl: setting(
    'DATABASE_URL',
    'A PostgreSQL to use instead of the embedded one (postgres://user:password@host:port/database).',
    optionalText,
  ),
  localScheduleSeconds: setting(
    'LOCAL_SCHEDULE_SECONDS',
    "Runs the scheduled functions every N seconds instead of at their schedule's times.",
    wholeNumber(5, Number.MAX_SAFE_INTEGER),
  ),
  cloudSdkRootDir: setting(
    'CLOUDSDK_ROOT_DIR',
    'A Google Cloud SDK whose emulator jars the stack may use instead of downloading them.',
    optionalText,
  ),
  // What the local stack passes on to the functions and the web server, with its local defaults.
  warehousePoolSize: setting('WAREHOUSE_POOL_SIZE', "The web server's warehouse pool.", passedOn('2')),
  functionsDiscoveryTimeout: setting(
    'FUNCTIONS_DISCOVERY_TIMEOUT',
    'Seconds the Functions emulator (and deploy check) gives a worker to load the bundle.',
    passedOn('120'),
  ),
  sweepPendingAfterSeconds: setting(
    'ETL_SWEEP_PENDING_AFTER_SECONDS',
    'How long a PENDING run waits before the sweeper re-sends it.',
    passedOn('45'),
  ),
  leaseSeconds: setting('ETL_LEASE_SECONDS', "A worker's lease on its run, under test.", passedOn('5')),
  reopenBaseSeconds: setting(
    'ETL_REOPEN_BASE_SECONDS',
    'The first back-off before the sweeper re-opens a failed run, under test.',
    passedOn('20'),
  ),
  bulkConcurrency: setting('ETL_BULK_CONCURRENCY', 'Bulk-lane runs in flight, under test.', passedOn('2')),
  alertPendingRuns: setting('ETL_ALERT_PENDING_RUNS', 'The pending-runs alert threshold, under test.', passedOn('3')),
  // The ETL command line (scripts/etl-cli).
  adminToken: setting('ETL_ADMIN_TOKEN', 'An ID token for the admin API, instead of signing in.', optionalText),
  adminEmail: setting('ETL_ADMIN_EMAIL', 'The admin the CLI signs in as.', optionalText),
  adminPassword: setting('ETL_ADMIN_PASSWORD', "That admin's password.", optionalText),
  adminUrl: setting('ETL_ADMIN_URL', "The etlAdmin function's URL.", optionalText),
  // The admin-users command (scripts/admin-users).
  adminUsersOperator: setting('ADMIN_USERS_OPERATOR', 'Who runs admin-users, as its audit entries name them.', (raw) =>
    optionalText(raw?.trim()),
  ),
  gcloudProject: () => gcloudProject(),
  /** The Google Cloud project, from the first of the variables the Google tools set. */
  cloudProject: () => gcloudProject() ?? googleCloudProject() ?? firebaseProjectId(),
  // Deploy and monitoring (scripts/deploy-check, scripts/monitoring).
  alertNotificationChannels: setting(
    'ETL_ALERT_NOTIFICATION_CHANNELS',
    'The Cloud Monitoring channels the alert policies notify (checked by parseChannels).',
    (raw) => raw,
  ),
  deployCheckEnvFile: setting(
    'DEPLOY_CHECK_ENV_FILE',
    'A functions/.env file, relative to the repository, for the deploy check instead of the example.',
    optionalText,
  ),
} as const;

const gcloudProject = setting('GCLOUD_PROJECT', 'The Google Cloud project.', optionalText);
const googleCloudProject = setting('GOOGLE_CLOUD_PROJECT', 'The Google Cloud project.', optionalText);
const firebaseProjectId = setting('FIREBASE_PROJECT_ID', 'The Firebase project.', optionalText);

/**
 * The environment as it is now, to hand on to a child process (`{ ...liveEnv(), ... }`) or to read
 * what this stack itself exported for its emulator clients (FIRESTORE_EMULATOR_HOST and the like).
 * Never a way to read a setting: those are declared above.
 */
export function liveEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/**
 * Sets variables for this process's own clients and every child it starts from now on. Values
 * already set win unless `override` (a caller's explicit setting over a default of ours).
 */
export function exportToEnvironment(variables: Record<string, string>, { override = true } = {}): void {
  for (const [name, value] of Object.entries(variables))
    if (override || process.env[name] === undefined) process.env[name] = value;
}
