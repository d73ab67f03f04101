// When Cloud Scheduler fires a job next, for the schedules our functions declare
// (ETL_MAINTENANCE_SCHEDULE): "every N minutes" / "every N hours" (App Engine cron syntax, taken
// here in its synchronized form: on multiples of N from 00:00) and 5-field unix cron, in UTC.
// The local scheduler (local-scheduler.ts) uses it so the local stack keeps the deployed cadence.

const MINUTE_MS = 60_000;
// Cron fields: minute, hour, day of month, month, day of week (0 and 7 are Sunday).
const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
] as const;

export class UnsupportedSchedule extends Error {}

/** The first time strictly after `after` at which `schedule` fires. */
export function nextFireTime(schedule: string, after: Date, timeZone = 'UTC'): Date {
  if (timeZone.toUpperCase() !== 'UTC' && timeZone !== 'Etc/UTC')
    throw new UnsupportedSchedule(`time zone "${timeZone}": the local scheduler honours UTC schedules only`);
  const every = /^every (\d+) (minutes?|hours?)$/.exec(schedule.trim());
  if (every) return nextEvery(Number(every[1]) * (every[2]!.startsWith('hour') ? 60 : 1), after);
  return nextCron(parseCron(schedule), after);
}

function nextEvery(minutes: number, after: Date): Date {
  if (!(minutes > 0)) throw new UnsupportedSchedule(`"every ${minutes} minutes" is not a schedule`);
  const dayStart = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate());
  const step = minutes * MINUTE_MS;
  const next = dayStart + (Math.floor((after.getTime() - dayStart) / step) + 1) * step;
  // A step that does not divide the day restarts at the next 00:00, as App Engine's synchronized form does.
  return new Date(Math.min(next, dayStart + 24 * 60 * MINUTE_MS));
}

type Cron = { sets: Set<number>[]; domRestricted: boolean; dowRestricted: boolean };

function parseCron(schedule: string): Cron {
  const parts = schedule.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new UnsupportedSchedule(`"${schedule}": expected "every N minutes|hours" or 5 cron fields`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!, schedule));
  if (sets[4]!.has(7)) sets[4]!.add(0);
  return { sets, domRestricted: parts[2] !== '*', dowRestricted: parts[4] !== '*' };
}

function parseField(part: string, range: { min: number; max: number }, schedule: string): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new UnsupportedSchedule(`"${schedule}": cannot read "${item}"`);
    const from = m[1] === '*' ? range.min : Number(m[2]);
    const to = m[1] === '*' ? range.max : m[3] !== undefined ? Number(m[3]) : m[4] ? range.max : from;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < range.min || to > range.max || from > to || step < 1)
      throw new UnsupportedSchedule(`"${schedule}": "${item}" is out of range ${range.min}-${range.max}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function matches(cron: Cron, t: Date): boolean {
  const [minute, hour, dom, month, dow] = cron.sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (!minute.has(t.getUTCMinutes()) || !hour.has(t.getUTCHours()) || !month.has(t.getUTCMonth() + 1)) return false;
  const domOk = dom.has(t.getUTCDate());
  const dowOk = dow.has(t.getUTCDay());
  // Unix cron: when both day fields are restricted, either one matching is enough.
  return cron.domRestricted && cron.dowRestricted ? domOk || dowOk : domOk && dowOk;
}

function nextCron(cron: Cron, after: Date): Date {
  let t = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  // Minute by minute: over four years covers every valid expression (29 February included).
  for (const end = t + 4 * 366 * 24 * 60 * MINUTE_MS; t <= end; t += MINUTE_MS) {
    if (matches(cron, new Date(t))) return new Date(t);
  }
  throw new UnsupportedSchedule('the cron expression never fires');
}
