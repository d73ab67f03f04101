// Every setting the benchmarks read from the environment, with its default and its range, read in
// this one module: each bench calls its own section once, at load. A bad value stops the bench
// before it starts and names the variable, where Number('2k') would have run it on NaN. (Parsed by
// hand: zod is a dependency of the packages, not of the root that holds bench/.)
import { warehouseConfigFromEnv, type WarehouseConfig } from '@trustrails/warehouse';
import { exportToEnvironment, liveEnv } from '../scripts/settings';

const env = process.env;

/** A whole number of at least `min`, `fallback` when the variable is unset. */
const whole = (name: string, fallback: number, min = 1): number => wholeOf(name, env[name], fallback, min);

function wholeOf(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min)
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a whole number of at least ${min} (default ${fallback})`);
  return value;
}

/** A switch: unset or 0 is off, 1 is on. */
function flag(name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name}=${JSON.stringify(raw)}: expected 1 (on) or 0 (off)`);
}

/** The stack's PostgreSQL, which the bench's stack (scripts/stack/exec.ts) sets. */
function databaseUrl(): string {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the bench through its npm script, which starts the stack');
  return url;
}

/** `npm run bench:etl`: single rollovers, the burst, and the priority lane beside a backfill. */
export const etlBenchSettings = () => ({
  samples: whole('BENCH_SAMPLES', 20),
  burst: whole('BENCH_BURST', 500),
  burstWindow: whole('BENCH_BURST_WINDOW', 100),
  burstTimeoutMs: whole('BENCH_BURST_TIMEOUT_MS', 900_000),
  backfill: whole('BENCH_BACKFILL', 2_000),
  backfillTimeoutMs: whole('BENCH_BACKFILL_TIMEOUT_MS', 1_800_000),
  databaseUrl: databaseUrl(),
});

/** `npm run bench:warehouse-phases` (and bench:etl's table of the same figures). */
export const warehousePhasesBenchSettings = (argv: string[] = []) => ({
  rollovers: whole('BENCH_WAREHOUSE_ROLLOVERS', 200),
  /** Record this tree's figures as the baseline later runs print beside theirs. */
  saveBaseline: argv.includes('--save-baseline'),
  databaseUrl: databaseUrl(),
});

/** `npm run bench:stream`; `--quick` (or BENCH_QUICK=1) sizes it down. */
export function streamBenchSettings(quick: boolean) {
  const clients = whole('BENCH_CLIENTS', quick || flag('BENCH_QUICK') ? 200 : 1_000);
  return {
    quick: quick || flag('BENCH_QUICK'),
    clients,
    /** The seed's design holds one Firestore listener per client; the emulator decides how many it takes. */
    baselineClients: whole('BENCH_BASELINE_CLIENTS', clients),
    signals: whole('BENCH_SIGNALS', 20),
    rollovers: whole('BENCH_ROLLOVERS', 10),
    cycles: whole('BENCH_CYCLES', 1_000),
    /** A folder for a V8 CPU profile of our `next start`, written when it stops. */
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
    /** A web server the tests point at instead of starting one: then there is no inspector to reach. */
    externalWeb: Boolean(env.E2E_BASE_URL),
  };
}

/** `npm run bench:backfill`; `--quick` sizes it down. */
export function backfillBenchSettings(quick: boolean) {
  const size = whole('BENCH_BACKFILL_SIZE', quick ? 2_000 : 50_000);
  // The job's own size: lower where the emulator is too slow to queue 50,000 in time.
  return { size, jobSize: whole('BENCH_BACKFILL_JOB_SIZE', size) };
}

/** `npm run bench:reaggregate`. */
export const reaggregateBenchSettings = () => ({
  transfers: whole('BENCH_TRANSFERS', 100_000),
  custodians: whole('BENCH_CUSTODIANS', 50),
  databaseUrl: databaseUrl(),
});

/** `npm run bench:verify`. */
export const verifyBenchSettings = () => ({
  transfers: whole('BENCH_TRANSFERS', 20_000),
  custodians: whole('BENCH_CUSTODIANS', 20),
  rollovers: whole('BENCH_ROLLOVERS', 20),
  samples: whole('BENCH_SAMPLES', 200),
  databaseUrl: databaseUrl(),
});

/** `npm run bench:monitor`. */
export const monitorBenchSettings = () => ({
  cycles: whole('BENCH_MONITOR_CYCLES', 15),
  rollovers: whole('BENCH_MONITOR_ROLLOVERS', 10),
});

/** `npm run bench:auth`. */
export const authBenchSettings = () => ({
  samples: whole('BENCH_AUTH_SAMPLES', 200),
  authEmulatorHost: env.FIREBASE_AUTH_EMULATOR_HOST,
});

/** `npm run bench:cold-start`. */
export const coldStartBenchSettings = () => ({
  runs: whole('BENCH_RUNS', 3),
  /** Keeps each run's data folder and the emulators' log. */
  keepData: flag('BENCH_KEEP_DATA'),
});

/** `npm run bench:heal`; `--hang-seconds=N` wins over BENCH_HANG_SECONDS. */
export function healBenchSettings(hangSecondsFlag: string | undefined) {
  return {
    hangSeconds:
      hangSecondsFlag === undefined
        ? whole('BENCH_HANG_SECONDS', 240)
        : wholeOf('--hang-seconds', hangSecondsFlag, 240, 1),
    /** The stack's own PostgreSQL unless one is named. */
    databaseUrl: env.DATABASE_URL || undefined,
  };
}

/** The warehouse the bench:stream baseline server reads, configured as the web's is. */
export const baselineWarehouseConfig = (): WarehouseConfig => warehouseConfigFromEnv(env);

/** The environment a child the bench starts inherits, with `extra` on top. */
export const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...liveEnv(), ...extra });

// The benches set the emulator hosts (so the Admin SDK reaches this offset's emulators, never a
// real project) and their `next start`'s caps the way the stack's scripts set theirs.
export { exportToEnvironment };
