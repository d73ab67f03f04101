// One definition of the run (issue 21): its states and groupings (contracts run-states.ts), its
// shape for the API and the monitor (derived from EtlRunDoc in etl-run.ts), its Firestore-to-JSON
// mapping (firestore-json.ts), its progress rule (currentProgress) and the sweep's report
// (admin-api.ts SweepReport). Each check reads every source file and names the files that declare
// a second copy; each first shows it catches the copy it looks for.
import { sourceFiles, textOf } from '../support/source-files';

const files = sourceFiles();
const STATE = `['"](?:PENDING|RUNNING|FINISHED|ERROR|PAUSED)['"]`;

/** Array literals or type unions naming two or more run states: a list of states written by hand. */
export const stateLists = (text: string): string[] => [
  ...[...text.matchAll(/\[[^\][]*\]/g)]
    .map((m) => m[0])
    .filter((list) => new Set(list.match(new RegExp(STATE, 'g')) ?? []).size >= 2),
  ...[...text.matchAll(new RegExp(`${STATE}\\s*\\|\\s*${STATE}`, 'g'))].map((m) => m[0]),
];

/** A generic Timestamp-to-ISO mapper of documents (a `Json<T>` type or a `toJson` function). */
const jsonMappers = (text: string) => /\btype Json<|\bfunction toJson\b|\bconst toJson\b/.test(text);

/** Functions that build a run for the API or the monitor: they return AdminRun or EtlRunView. */
const runMappers = (text: string) => /\)\s*:\s*(?:AdminRun|EtlRunView)\s*(?:=>|\{)/.test(text);

/** The progress rule: a progress report compared with the run's attempt. */
const progressRules = (text: string) =>
  /progress\??\.attempt\s*[!=]==?\s*\w+\.attempt|\.attempt\s*[!=]==?\s*\w+\.progress/.test(text);

/** A sweep report's shape: its counters declared as a type or a schema. */
const sweepReports = (text: string) => /\bexpiredLeases\s*[?]?:\s*(?:number|count|z\.)/.test(text);

const offenders = (check: (text: string) => boolean, allowed: string[]) =>
  files.filter((path) => !allowed.includes(path) && check(textOf(path)));

describe('one run shape', () => {
  it('reads the source files, and each check catches the copy it looks for', () => {
    expect(files).toContain('packages/contracts/src/etl-run.ts');
    expect(files).toContain('web/lib/etl/runs.ts');
    expect(stateLists(`const SETTLED = ['FINISHED', 'ERROR', 'PAUSED'];`)).toHaveLength(1);
    expect(stateLists(`type S = 'PENDING' | 'RUNNING';`)).toHaveLength(1);
    expect(stateLists(`if (status === 'MISSING' || status === 'FINISHED') [a, 'ERROR'];`)).toEqual([]);
    expect(jsonMappers('function toJson<T>(value: T): Json<T> {')).toBe(true);
    expect(runMappers('export function toView(id: string, d: DocumentData): EtlRunView {')).toBe(true);
    expect(progressRules(`d.status !== 'RUNNING' || !p || p.attempt !== d.attempt`)).toBe(false);
    expect(progressRules(`run.progress && run.progress.attempt === run.attempt`)).toBe(true);
    expect(sweepReports('interface SweepReport {\n  expiredLeases: number;')).toBe(true);
  });

  it('lists run states only in contracts run-states.ts', () => {
    const found = files
      .filter((path) => path !== 'packages/contracts/src/run-states.ts')
      .flatMap((path) => stateLists(textOf(path)).map((list) => `${path}: ${list}`));
    expect(found).toEqual([]);
  });

  it('maps Firestore documents to JSON only in contracts firestore-json.ts', () => {
    expect(offenders(jsonMappers, ['packages/contracts/src/firestore-json.ts'])).toEqual([]);
  });

  it('builds the API run in etl-run.ts and the monitor view only in web/lib/etl/runs.ts', () => {
    expect(offenders(runMappers, ['packages/contracts/src/etl-run.ts', 'web/lib/etl/runs.ts'])).toEqual([]);
  });

  it('states the progress rule only in contracts currentProgress', () => {
    expect(offenders(progressRules, ['packages/contracts/src/run-states.ts'])).toEqual([]);
  });

  it('declares the sweep report only in contracts admin-api.ts', () => {
    expect(offenders(sweepReports, ['packages/contracts/src/admin-api.ts'])).toEqual([]);
  });
});
