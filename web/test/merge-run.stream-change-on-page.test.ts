// A streamed run change on the monitor's page of recent runs: it replaces its row, a new run goes
// on top within the page size, an older change never overwrites a newer row, no page stays none.
import { withRun } from '@/lib/etl/merge-run';
import type { EtlRunView } from '@/lib/etl/run-view';

const view = (rolloverId: string, status: string, updatedAt: string): EtlRunView => ({
  rolloverId,
  status,
  attempt: 1,
  claims: 1,
  transferId: null,
  sourceCustodianId: null,
  destinationCustodianId: null,
  phaseTimingsMs: {},
  processingTimeMs: null,
  lastError: null,
  deadLettered: false,
  createdAt: updatedAt,
  updatedAt,
  finishedAt: null,
  progress: null,
});

const T1 = '2030-01-01T00:00:01.000Z';
const T2 = '2030-01-01T00:00:02.000Z';

test('a change replaces its row in place', () => {
  const page = { runs: [view('a', 'RUNNING', T1), view('b', 'ERROR', T1)] };
  const merged = withRun(page, view('b', 'PAUSED', T2), 50)!;
  expect(merged.runs.map((r) => [r.rolloverId, r.status])).toEqual([
    ['a', 'RUNNING'],
    ['b', 'PAUSED'],
  ]);
});

test('a new run goes on top, and the page keeps its size', () => {
  const page = { runs: [view('a', 'FINISHED', T1), view('b', 'FINISHED', T1)] };
  expect(withRun(page, view('c', 'PENDING', T2), 2)!.runs.map((r) => r.rolloverId)).toEqual(['c', 'a']);
});

test('an older change (a replay after a fresh read) leaves the newer row', () => {
  const page = { runs: [view('a', 'FINISHED', T2)] };
  expect(withRun(page, view('a', 'RUNNING', T1), 50)).toBe(page);
});

test('before the page has loaded there is nothing to change', () => {
  expect(withRun(undefined, view('a', 'RUNNING', T1), 50)).toBeUndefined();
});
