// Every deploy-time option of the functions, as Firebase params. firebase-tools discovers the
// functions with only its own variables (FIREBASE_CONFIG, GCLOUD_PROJECT), so a deploy-time option
// read from process.env would always deploy at its default; a param is written into the manifest as
// `{{ params.NAME }}` and resolved by firebase-tools from functions/.env.<project> (committed
// template: functions/.env.example). At run time the platform sets each param's value in the
// environment, and valueOf() below reads that same value, so the budget check (scaling.ts) sees
// exactly what was deployed. The local stack's values: functions/.env.demo-trustrails.
import { defineInt, defineString, type IntParam, type StringParam } from 'firebase-functions/params';

interface IntSpec {
  default: number;
  min: number;
  max: number;
  description: string;
}

/** Every int param with its range, checked at run time (firebase-tools checks no range). */
export const INT_RANGES = new Map<string, { min: number; max: number }>();
/** Every param, by name, for the runtime check and the tools that list them. */
export const DEPLOY_PARAMS = new Map<string, IntParam | StringParam>();

function int(name: string, spec: IntSpec): IntParam {
  const param = defineInt(name, {
    default: spec.default,
    description: `${spec.description} (${spec.min} to ${spec.max})`,
  });
  INT_RANGES.set(name, { min: spec.min, max: spec.max });
  DEPLOY_PARAMS.set(name, param);
  return param;
}

function str(name: string, spec: { default: string; description: string }): StringParam {
  const param = defineString(name, spec);
  DEPLOY_PARAMS.set(name, param);
  return param;
}

/**
 * The value the running function was deployed with. firebase-tools puts every resolved param in the
 * function's environment; only code loaded outside it (unit tests, scripts) lacks one, and gets the
 * param's declared default, which is what firebase-tools would have offered.
 */
export function valueOf(param: IntParam): number;
export function valueOf(param: StringParam): string;
export function valueOf(param: IntParam | StringParam): number | string {
  const raw = process.env[param.name];
  const declared = (param as unknown as { options: { default?: number | string } }).options.default;
  if (raw === undefined) return declared!;
  const value = param.value();
  const range = INT_RANGES.get(param.name);
  if (range && (!/^-?\d+$/.test(raw.trim()) || Number(raw) < range.min || Number(raw) > range.max))
    throw new Error(`${param.name}="${raw}" is not valid: use a whole number from ${range.min} to ${range.max}.`);
  return value;
}

export const region = str('ETL_REGION', {
  default: 'us-central1',
  description: "Region of every function; the Firestore trigger's region must serve the database's location.",
});

/** Per-function scaling: instances, requests per instance, memory and timeout (docs/scaling.md). */
function scaling(
  prefix: string,
  what: string,
  d: { maxInstances: number; concurrency?: number; memoryMb: number; timeoutSeconds: number },
) {
  return {
    maxInstances: int(`${prefix}_MAX_INSTANCES`, {
      default: d.maxInstances,
      min: 1,
      max: 1000,
      description: `Most instances of ${what}.`,
    }),
    concurrency:
      d.concurrency === undefined
        ? undefined
        : int(`${prefix}_CONCURRENCY`, {
            default: d.concurrency,
            min: 1,
            max: 1000,
            description: `Requests one instance of ${what} serves at once.`,
          }),
    memoryMb: int(`${prefix}_MEMORY_MB`, {
      default: d.memoryMb,
      min: 256,
      max: 32_768,
      description: `Memory of one instance of ${what}, in MiB (Cloud Functions' sizes: 256, 512, 1024, 2048…).`,
    }),
    timeoutSeconds: int(`${prefix}_TIMEOUT_SECONDS`, {
      default: d.timeoutSeconds,
      min: 10,
      max: 540,
      description: `Timeout of ${what}: an invocation still running after it is killed (a Pub/Sub delivery is then redelivered).`,
    }),
  };
}

export const poolSize = int('WAREHOUSE_POOL_SIZE', {
  default: 5,
  min: 1,
  max: 100,
  description:
    'Warehouse connections per function instance; the ETL workers serve as many deliveries at once, each holding at most one connection.',
});

// The ETL workers' concurrency is poolSize itself, so it has no param of its own.
export const fn = {
  etlOnEventCreated: scaling('ETL_TRIGGER', 'the events/ trigger (etlOnEventCreated)', {
    maxInstances: 20,
    concurrency: 80,
    memoryMb: 256,
    timeoutSeconds: 60,
  }),
  etlWorker: scaling('ETL_WORKER', 'the live ETL worker (etlWorker)', {
    maxInstances: 12,
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
  etlBulkWorker: scaling('ETL_BULK_WORKER', 'the bulk-lane ETL worker (etlBulkWorker)', {
    maxInstances: 1,
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
  etlDeadLetter: scaling('ETL_DEAD_LETTER', 'the dead-letter recorder (etlDeadLetter)', {
    maxInstances: 2,
    concurrency: 20,
    memoryMb: 256,
    timeoutSeconds: 60,
  }),
  etlAdmin: scaling('ETL_ADMIN', 'the admin API (etlAdmin)', {
    maxInstances: 2,
    concurrency: 10,
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
  etlReaggregate: scaling('ETL_REAGGREGATE', 'the scheduled re-aggregation (etlReaggregate)', {
    maxInstances: 1,
    concurrency: 1,
    memoryMb: 512,
    timeoutSeconds: 540,
  }),
  etlSweeper: scaling('ETL_SWEEPER', 'the scheduled sweeper (etlSweeper)', {
    maxInstances: 1,
    concurrency: 1,
    memoryMb: 256,
    timeoutSeconds: 300,
  }),
};

export const maintenanceSchedule = str('ETL_MAINTENANCE_SCHEDULE', {
  default: 'every 15 minutes',
  description:
    'When the re-aggregation and the sweeper run, in Cloud Scheduler syntax: "every N minutes", "every N hours" or a 5-field cron expression (UTC).',
});

/** One named service account per role; "name@" is completed by firebase-tools with the project's IAM domain. */
const account = (name: string, fallback: string, what: string) =>
  str(name, {
    default: fallback,
    description: `Service account of ${what}: "name@" (this project) or a full email. Its roles: docs/deploy.md.`,
  });

export const accounts = {
  trigger: account('ETL_TRIGGER_SERVICE_ACCOUNT', 'etl-trigger@', 'the events/ trigger'),
  worker: account('ETL_WORKER_SERVICE_ACCOUNT', 'etl-worker@', 'the ETL workers and the dead-letter recorder'),
  admin: account('ETL_ADMIN_SERVICE_ACCOUNT', 'etl-admin@', 'the admin API'),
  maintenance: account('ETL_MAINTENANCE_SERVICE_ACCOUNT', 'etl-maintenance@', 'the re-aggregation and the sweeper'),
};

export const cloudSqlInstance = str('CLOUD_SQL_INSTANCE', {
  default: '',
  description:
    'The Data Connect Cloud SQL instance the functions write to: an instance id of this project (dataconnect.yaml: trustrails-fdc) or project:region:instance. Empty: DATABASE_URL (local stacks only).',
});

export const cloudSqlRegion = str('CLOUD_SQL_REGION', {
  default: 'us-central1',
  description: "Region of CLOUD_SQL_INSTANCE when it is given as an instance id (Data Connect's location).",
});

export const cloudSqlDatabase = str('CLOUD_SQL_DATABASE', {
  default: 'fdcdb',
  description: "The database on that instance (dataconnect.yaml's datasource.postgresql.database).",
});

export const connectionBudget = int('WAREHOUSE_CONNECTION_BUDGET', {
  default: 180,
  min: 1,
  max: 10_000,
  description:
    "Connections the functions and the web may hold on the warehouse: the instance's max_connections less Data Connect's, admins' and the superuser reserve (docs/deploy.md).",
});

export const webConnections = int('WEB_WAREHOUSE_CONNECTIONS', {
  default: 20,
  min: 0,
  max: 10_000,
  description:
    "The web tier's share of the budget: web/apphosting.yaml's maxInstances × the web's WAREHOUSE_POOL_SIZE.",
});
