// A rollover that completes writes one info line, etl.runFinished with its phase timings; its
// steps (claim, start, each phase) are debug lines written only with ETL_RUN_DETAIL_LOGS=true.
// The real firebase-functions logger writes through the console it found when it loaded, so the
// modules load afresh with a console that records each line instead of printing it.
import type { logs as Logs } from '../src/logs';

interface Line {
  severity: string;
  message: string;
}

const PHASES = ['extract', 'transform', 'loadTransfer', 'loadParties', 'aggregate', 'verify'];

/** Logs what the worker path logs for one completed rollover, and returns the lines written. */
async function linesOfOneRollover(env: Record<string, string>): Promise<Line[]> {
  const saved = { env: { ...process.env }, console: global.console };
  const lines: Line[] = [];
  const record = (line: string) => lines.push(JSON.parse(line) as Line);
  Object.assign(process.env, env);
  global.console = { ...saved.console, debug: record, info: record, log: record, warn: record, error: record };
  try {
    let logs: typeof Logs | undefined;
    await jest.isolateModulesAsync(async () => {
      logs = (await import('../src/logs')).logs;
    });
    const rolloverId = 'r-1';
    logs!.runClaimed({ rolloverId, eventId: 'e-1', ms: 4 });
    logs!.runStarted({ rolloverId, attempt: 1, attemptsThisClaim: 1 });
    for (const phase of PHASES) logs!.phaseCompleted({ rolloverId, phase, ms: 3, attempt: 1 });
    logs!.runFinished({
      rolloverId,
      attempt: 1,
      ms: 30,
      phaseTimingsMs: Object.fromEntries(PHASES.map((p) => [p, 3])),
    });
    logs!.phaseRetrying({ rolloverId, attempt: 1, phase: 'aggregate', retry: 1, reason: 'deadlock' });
    return lines;
  } finally {
    process.env = saved.env;
    global.console = saved.console;
  }
}

test('by default a completed rollover writes one info line, with every phase timing in it; warnings still show', async () => {
  const lines = await linesOfOneRollover({});
  expect(lines.map((l) => `${l.severity} ${l.message}`)).toEqual(['INFO etl.runFinished', 'WARNING etl.phaseRetrying']);
  expect(Object.keys((lines[0] as Line & { phaseTimingsMs: object }).phaseTimingsMs)).toEqual(PHASES);
});

test('ETL_RUN_DETAIL_LOGS=true writes each step of the rollover at debug', async () => {
  const lines = await linesOfOneRollover({ ETL_RUN_DETAIL_LOGS: 'true' });
  expect(lines.filter((l) => l.severity === 'INFO').map((l) => l.message)).toEqual(['etl.runFinished']);
  expect(lines.filter((l) => l.severity === 'DEBUG').map((l) => l.message)).toEqual([
    'etl.runClaimed',
    'etl.runStarted',
    ...PHASES.map(() => 'etl.phaseCompleted'),
  ]);
});

test('a value other than true or false is refused at load, naming the setting', async () => {
  await expect(linesOfOneRollover({ ETL_RUN_DETAIL_LOGS: 'yes' })).rejects.toThrow(
    /ETL_RUN_DETAIL_LOGS="yes" is not valid: .* Use true or false\./,
  );
});
