// A run's phase progress on the real worker: a slow run (every phase slowed with the fault hook)
// records, at its phase boundaries, the phase starting and those done, in order, under its own
// attempt, each write moving updatedAt so the run stream carries it; a fast run records none.
import { PHASES } from '@trustrails/contracts';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { rollover, writeLifecycle } from '../support/rollover';

interface Seen {
  status: string;
  attempt: number;
  updatedAtMs: number;
  progress?: { attempt: number; phase: string; completedPhases: string[]; phaseTimingsMs: Record<string, number> };
}

test('a slow run records each phase it starts, in order, with the phases done and their times', async () => {
  const rolloverId = uniqueId('prog-slow');
  // Every phase waits 1.2 s: past the one-second check-in interval at each boundary.
  await db()
    .collection('etlFaults')
    .doc(rolloverId)
    .set({ phase: '*', mode: 'delay', ms: 1_200, remaining: 6, fired: 0 });
  const seen: Seen[] = [];
  const stop = db()
    .doc(`etlRuns/${rolloverId}`)
    .onSnapshot((snap) => {
      const d = snap.data();
      if (d)
        seen.push({ status: d.status, attempt: d.attempt, updatedAtMs: d.updatedAt?.toMillis(), progress: d.progress });
    });
  try {
    await writeLifecycle(rollover({ rolloverId, prefix: 'prog', amountCents: 7_00 }));
    await waitForCompletion(rolloverId, 60_000);
    await waitForRunStatus(rolloverId, 'FINISHED');
  } finally {
    stop();
  }

  const reports = seen.filter((s) => s.status === 'RUNNING' && s.progress).map((s) => s.progress!);
  const phases = [...new Set(reports.map((p) => p.phase))];
  // One report per boundary after extract (where no check is made): core to verify, in order.
  expect(phases).toEqual(PHASES.slice(1));
  for (const p of reports) {
    const index = PHASES.indexOf(p.phase as (typeof PHASES)[number]);
    expect(p.completedPhases).toEqual(PHASES.slice(0, index));
    expect(Object.keys(p.phaseTimingsMs).sort()).toEqual([...PHASES.slice(0, index)].sort());
    expect(p.phaseTimingsMs.extract).toBeGreaterThanOrEqual(1_100);
    expect(p.attempt).toBe(seen.at(-1)!.attempt);
  }
  // Each report is a change the run stream sees: updatedAt moves with it (other writes, such as
  // lease renewals, leave both alone and show here as repeats).
  const firstOf = phases.map((phase) => seen.find((s) => s.progress?.phase === phase)!.updatedAtMs);
  const before = seen.find((s) => s.status === 'RUNNING')!.updatedAtMs;
  expect(firstOf.every((ms, i) => ms > (i === 0 ? before : firstOf[i - 1]!))).toBe(true);
});

test('a run within the check-in interval writes no progress: its phase times arrive with its finish', async () => {
  const rolloverId = uniqueId('prog-fast');
  await writeLifecycle(rollover({ rolloverId, prefix: 'prog', amountCents: 7_00 }));
  await waitForCompletion(rolloverId);
  const run = (await waitForRunStatus(rolloverId, 'FINISHED'))!;
  expect(Object.keys(run.phaseTimingsMs).sort()).toEqual([...PHASES].sort());
  // No check-in before a second has passed, so a run faster than that has none (a loaded machine
  // may make even this run slower; then a report is allowed).
  expect({ progress: run.progress ?? null, fast: run.processingTimeMs < 1_000 }).not.toEqual({
    progress: expect.anything(),
    fast: true,
  });
});
