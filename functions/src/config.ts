// Settings of the deployed functions, declared once, each with a description, and checked when
// the code loads: a bad value throws with what is valid. They are environment variables (set per
// project in functions/.env.<project>), not firebase params: the emulator writes every param's
// default into functions/.env.local, which would shadow the test stack's own values, and
// onSchedule takes only a plain string. Connection settings (WAREHOUSE_ADAPTER, DATABASE_URL,
// DATA_CONNECT_*) are read by the warehouse package.

interface IntSetting {
  name: string;
  description: string;
  default: number;
  min: number;
  max: number;
}

function intSetting(setting: IntSetting): number {
  const raw = process.env[setting.name];
  if (raw === undefined || raw === '') return setting.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    throw new Error(
      `${setting.name}="${raw}" is not valid: ${setting.description} Use a whole number from ${setting.min} to ${setting.max}.`,
    );
  }
  return value;
}

export const etlMaxAttempts = intSetting({
  name: 'ETL_MAX_ATTEMPTS',
  description: 'Deliveries of one ETL message before the run is dead-lettered and marked ERROR.',
  default: 5,
  min: 1,
  max: 100,
});

export const etlLeaseSeconds = intSetting({
  name: 'ETL_LEASE_SECONDS',
  description: 'How long a worker owns a RUNNING run; past it, the next delivery may resume the run.',
  default: 60,
  min: 1,
  max: 540,
});

export const sweepPendingAfterSeconds = intSetting({
  name: 'ETL_SWEEP_PENDING_AFTER_SECONDS',
  description: 'A PENDING run older than this is re-enqueued by the sweeper.',
  default: 120,
  min: 1,
  max: 86_400,
});

export const sweepLookbackHours = intSetting({
  name: 'ETL_SWEEP_LOOKBACK_HOURS',
  description: 'How far back the sweeper looks for rollover.completed events that never got a run.',
  default: 48,
  min: 1,
  max: 24 * 90,
});

export const adminAuthCacheSeconds = intSetting({
  name: 'ETL_ADMIN_AUTH_CACHE_SECONDS',
  description:
    'How long etlAdmin trusts a verified ID token before checking revocation, disabled users and the admin claim again (0 = every request).',
  default: 30,
  min: 0,
  max: 30,
});

/**
 * The one browser origin allowed to call etlAdmin directly (CORS). The dashboard calls the admin API
 * server-side through its /api/admin/etl proxy, so this matters only to browser callers; unset in
 * production means none. In the emulator it defaults to the local web app, http://localhost:3000
 * shifted by STACK_PORT_OFFSET like every port of the local stack.
 */
export const adminWebOrigin = originSetting(
  'ETL_ADMIN_WEB_ORIGIN',
  'The web origin (scheme://host[:port]) whose pages may call etlAdmin from the browser.',
  process.env.FUNCTIONS_EMULATOR === 'true'
    ? `http://localhost:${3000 + Number(process.env.STACK_PORT_OFFSET ?? 0)}`
    : null,
);

function originSetting(name: string, description: string, fallback: string | null): string | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  let origin: string | null = null;
  try {
    origin = new URL(raw).origin;
  } catch {
    // reported below
  }
  if (origin !== raw || !/^https?:/.test(raw)) {
    throw new Error(
      `${name}="${raw}" is not valid: ${description} Use an http(s) origin without a path or trailing slash, e.g. https://app.example.com.`,
    );
  }
  return origin;
}

/** When the re-aggregation and the sweeper run (Cloud Scheduler syntax). */
export const maintenanceSchedule = process.env.ETL_MAINTENANCE_SCHEDULE ?? 'every 15 minutes';
if (!/^(every \d+ (minutes|hours)|[\d*/,-]+( [\d*/,-]+){4})$/.test(maintenanceSchedule)) {
  throw new Error(
    `ETL_MAINTENANCE_SCHEDULE="${maintenanceSchedule}" is not valid: use "every N minutes", "every N hours" or a 5-field cron expression.`,
  );
}

export const ETL_VERSION = '1.0.0';
