// The monitor's run view carries a run's phase progress only while the attempt that reported it
// is the one running: a settled run, or a newer attempt that has not reported yet, shows none.
jest.mock('server-only', () => ({}));

import { Timestamp } from 'firebase-admin/firestore';
import { toView } from '@/lib/etl/runs';

const at = Timestamp.fromMillis(Date.UTC(2030, 0, 2, 3, 4, 5));
const run = (fields: Record<string, unknown>) => ({
  status: 'RUNNING',
  attempt: 2,
  claim: 1,
  updatedAt: at,
  progress: { attempt: 2, phase: 'chain', completedPhases: ['extract', 'core'], phaseTimingsMs: {}, at },
  ...fields,
});

test('a running attempt shows the phase it reported and the phases done', () => {
  expect(toView('r1', run({})).progress).toEqual({
    phase: 'chain',
    completedPhases: ['extract', 'core'],
    at: '2030-01-02T03:04:05.000Z',
  });
});

test('an earlier attempt’s report is not the running attempt’s progress', () => {
  expect(toView('r1', run({ attempt: 3 })).progress).toBeNull();
});

test('a settled run shows no progress, whatever its last report said', () => {
  for (const status of ['FINISHED', 'ERROR', 'PAUSED', 'PENDING'])
    expect(toView('r1', run({ status })).progress).toBeNull();
});

test('a run that never reported, or a malformed report, shows none', () => {
  expect(toView('r1', run({ progress: undefined })).progress).toBeNull();
  expect(toView('r1', run({ progress: { attempt: 2 } })).progress).toBeNull();
});
