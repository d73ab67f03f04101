// A stand-in for Cloud Scheduler on the local stack. firebase-tools 14.27's Functions emulator
// registers a v2 onSchedule function as an HTTP-signature trigger on a `firebase-schedule-<name>`
// Pub/Sub topic, but its Pub/Sub bridge only delivers event and CloudEvent triggers ("Unsupported
// trigger signature: http"), so publishing there runs nothing, and nothing fires on a timer.
// This reads each scheduled function and its schedule from the emulator (GET /backends) and, at
// the schedule's times, POSTs to the function's trigger route as Cloud Scheduler's HTTP target
// would: an empty body with the X-CloudScheduler headers, retried per the function's retryConfig.
import { PROJECT_ID, ports } from './ports';
import { nextFireTime } from './schedule-times';
import { settings } from '../settings';

export interface ScheduledFunction {
  /** The function's name (export), e.g. etlSweeper. */
  name: string;
  /** region-name, e.g. us-central1-etlSweeper. */
  id: string;
  region: string;
  schedule: string;
  timeZone: string;
  retryCount: number;
  timeoutSeconds: number;
}

export interface LocalSchedulerOptions {
  log: (line: string) => void;
  /** Fire every N seconds instead of at the schedule's times (LOCAL_SCHEDULE_SECONDS; tests). */
  everySeconds?: number;
  /** Only these functions (by name); all scheduled functions by default. */
  only?: string[];
  functionsOrigin?: string;
}

// Cloud Scheduler's defaults: a first retry after minBackoffDuration (5 s), doubling; a v2
// function's attempt deadline is its timeout, within 180 s to 1,800 s (firebase-tools' cloudscheduler.js).
const MIN_BACKOFF_MS = 5_000;
const attemptDeadlineMs = (fn: ScheduledFunction) => Math.min(1_800, Math.max(180, fn.timeoutSeconds)) * 1000;

/** The emulator's scheduled functions (v2 only: v1 ones are Pub/Sub functions, which it can deliver). */
export async function scheduledFunctions(origin = functionsOrigin()): Promise<ScheduledFunction[]> {
  const response = await fetch(`${origin}/backends`);
  if (!response.ok) throw new Error(`GET ${origin}/backends answered ${response.status}`);
  const { backends } = (await response.json()) as { backends: { functionTriggers: TriggerDef[] }[] };
  return (
    backends
      .flatMap((b) => b.functionTriggers)
      .filter((t) => t.schedule && t.platform === 'gcfv2')
      // After a reload the emulator lists a function once per backend it loaded: run each once.
      .filter((t, i, all) => all.findIndex((other) => other.id === t.id) === i)
      .map((t) => ({
        name: t.name,
        id: t.id,
        region: t.region,
        schedule: t.schedule!.schedule,
        timeZone: t.schedule!.timeZone ?? 'UTC',
        retryCount: t.schedule!.retryConfig?.retryCount ?? 0,
        timeoutSeconds: t.timeoutSeconds ?? 60,
      }))
  );
}

interface TriggerDef {
  name: string;
  id: string;
  region: string;
  platform: string;
  timeoutSeconds?: number;
  schedule?: { schedule: string; timeZone?: string; retryConfig?: { retryCount?: number } };
}

/**
 * LOCAL_SCHEDULE_SECONDS: run the scheduled functions every N seconds instead of at their schedule's
 * times (the schedule is the ETL_MAINTENANCE_SCHEDULE param, from functions/.env.demo-trustrails).
 */
export function scheduleOverrideSeconds(): number | undefined {
  return settings.localScheduleSeconds();
}

export function functionsOrigin(): string {
  return `http://127.0.0.1:${ports.functions}`;
}

/**
 * The emulator files an event-style trigger under `<id>-<generation>`, the generation growing with
 * each reload of the functions (npm run dev). Its 404 lists the keys it has, so a stale key is
 * replaced by the current one from that list.
 */
const triggerKeys = new Map<string, string>();

/** One invocation as Cloud Scheduler makes it; resolves with the HTTP status. */
export async function invokeScheduled(fn: ScheduledFunction, scheduleTime: Date, origin = functionsOrigin()) {
  const post = (key: string) =>
    fetch(`${origin}/functions/projects/${PROJECT_ID}/triggers/${key}`, {
      method: 'POST',
      headers: {
        'User-Agent': 'Google-Cloud-Scheduler',
        'X-CloudScheduler': 'true',
        // The job firebase deploy creates for a function (firebase-tools' backend.scheduleIdForFunction).
        'X-CloudScheduler-JobName': `firebase-schedule-${fn.name}-${fn.region}`,
        'X-CloudScheduler-ScheduleTime': scheduleTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      signal: AbortSignal.timeout(attemptDeadlineMs(fn)),
    });
  let response = await post(triggerKeys.get(fn.id) ?? `${fn.id}-0`);
  // 404: a key the emulator never had. 204: a generation it replaced, and disabled, when it reloaded
  // the functions (disabling and re-enabling background triggers reloads them too); it runs nothing.
  if (response.status === 404 || response.status === 204) {
    await response.arrayBuffer();
    const current = await currentTriggerKey(fn, origin);
    if (!current) return 404;
    triggerKeys.set(fn.id, current);
    response = await post(current);
  }
  await response.arrayBuffer();
  return response.status;
}

const generationOf = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

/** The newest key of a function: the emulator's 404 for a key it does not have lists them all. */
async function currentTriggerKey(fn: ScheduledFunction, origin: string): Promise<string | undefined> {
  const response = await fetch(`${origin}/functions/projects/${PROJECT_ID}/triggers/${fn.id}-listing`, {
    method: 'POST',
  });
  const listed = (await response.text()).match(new RegExp(`\\b${fn.id}-\\d+\\b`, 'g')) ?? [];
  return listed.sort((a, b) => generationOf(b) - generationOf(a))[0];
}

/** Runs each scheduled function at its times until the returned stop function is called. */
export async function startLocalScheduler(options: LocalSchedulerOptions): Promise<() => Promise<void>> {
  const origin = options.functionsOrigin ?? functionsOrigin();
  const all = await scheduledFunctions(origin);
  const jobs = options.only ? all.filter((fn) => options.only!.includes(fn.name)) : all;
  const cadence = (fn: ScheduledFunction) =>
    options.everySeconds ? `every ${options.everySeconds}s (override)` : `"${fn.schedule}" ${fn.timeZone}`;
  options.log(
    `local scheduler: ${jobs.map((fn) => `${fn.name} ${cadence(fn)}`).join(', ') || 'no scheduled functions found'}`,
  );
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const next = (fn: ScheduledFunction, after: Date) =>
    options.everySeconds
      ? new Date(after.getTime() + options.everySeconds * 1000)
      : nextFireTime(fn.schedule, after, fn.timeZone);

  const plan = (fn: ScheduledFunction, at: Date) => {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        // Like a job whose previous attempt still runs, this tick waits for it rather than overlap.
        const run = fire(fn, at, options.log).finally(() => {
          inFlight.delete(run);
          plan(fn, next(fn, new Date(Math.max(Date.now(), at.getTime()))));
        });
        inFlight.add(run);
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timers.add(timer);
  };
  for (const fn of jobs) plan(fn, next(fn, new Date()));
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.allSettled([...inFlight]);
  };
}

/** One scheduled run, retried as the function's retryConfig asks (retryCount after the first). */
async function fire(fn: ScheduledFunction, scheduleTime: Date, log: (line: string) => void): Promise<void> {
  for (let attempt = 0; attempt <= fn.retryCount; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, MIN_BACKOFF_MS * 2 ** (attempt - 1)));
    const status = await invokeScheduled(fn, scheduleTime).catch((error: unknown) => String(error));
    if (status === 200) return;
    log(`local scheduler: ${fn.name} at ${scheduleTime.toISOString()} answered ${status} (attempt ${attempt + 1})`);
  }
}
