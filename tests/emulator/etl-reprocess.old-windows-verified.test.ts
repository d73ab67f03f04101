// A correction's OLD windows are rebuilt and verified (issue 20, items 1 and 2): a FINISHED
// rollover is corrected into another day, month and quarter (the same week and year) and to
// another destination custodian, and reprocessed. The run records what revision 1 counted the
// transfer as (revisedFrom: its custodians and completion time); phase 2 rebuilds those windows
// and phase 6 reads them back beside a recount: revision 2's etl.completed lists a passed
// `revisedFrom.<granularity>.<custodianId>.<figure>` check for each old window that is not also a
// current one, and an old window made wrong between phase 5 and phase 6 fails the attempt
// retryably, naming the check. The worker runs in this process against the emulators and the real
// PostgreSQL (as in etl.verify-checks-every-table-and-window), so the fault lands at that instant:
// after each of phase 5's refreshes, and again after every one of phase 6's recomputes.
import { Timestamp } from 'firebase-admin/firestore';
import { EtlCompletedData, GRANULARITIES, etlCompletedEventId, type EtlMessage } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { reopenForReprocess } from '../../functions/src/etl/run-state';
import { checkNames, revisedFromCheckNames } from '../../functions/test/support/check-names';
import { claimRunByHand, eventsOf, inProcessWorker, waitForRunStatus } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { writeEvents, type EventDoc } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';

afterAll(closeWarehouse);

const HOUR = 3_600_000;
// A Tuesday in March (Q1); the correction moves it to the Wednesday after, in April (Q2).
const FIRST_AT = new Date('2026-03-31T20:00:00Z');
const CORRECTED_AT = new Date('2026-04-01T09:00:00Z');

interface Corrected {
  rolloverId: string;
  source: string;
  /** The destination revision 1 counted the transfer for. */
  wrong: string;
  /** The corrected destination. */
  right: string;
}

/** A newer copy of an event with some eventData corrected, written after the original. */
function corrected(event: EventDoc, id: string, eventData: Record<string, unknown>, at: Date): EventDoc {
  const original = event.data.eventData as Record<string, unknown>;
  return { id, data: { ...event.data, timestamp: Timestamp.fromDate(at), eventData: { ...original, ...eventData } } };
}

/** Revision 1 loaded and FINISHED, its events corrected, and the run re-opened by a reprocess: the message of revision 2. */
async function reprocessedCorrection(prefix: string): Promise<Corrected & { message: EtlMessage }> {
  const c: Corrected = {
    rolloverId: uniqueId(prefix),
    source: uniqueId('ow-src'),
    wrong: uniqueId('ow-old'),
    right: uniqueId('ow-new'),
  };
  const ends = { sourceCustodianId: c.source, destinationCustodianId: c.wrong };
  const l = rollover({
    rolloverId: c.rolloverId,
    ...ends,
    amountCents: 600_00,
    completedAt: FIRST_AT,
    durationMs: 2 * HOUR,
  });
  const first = await claimRunByHand(c.rolloverId);
  await writeLifecycle(l);
  await processEtlMessage(inProcessWorker(testWarehouse()), first);
  await waitForRunStatus(c.rolloverId, 'FINISHED');

  const now = Date.now();
  const initiated = l.before.find((e) => e.data.eventType === 'rollover.initiated')!;
  await writeEvents(db(), [
    corrected(
      initiated,
      `${c.rolloverId}-initiated-corrected`,
      {
        destinationCustodianId: c.right,
        destinationAccount: { accountId: `dst2-${c.rolloverId}`, accountType: 'ira' },
      },
      new Date(now),
    ),
    corrected(
      l.completed,
      `${c.rolloverId}-completed-corrected`,
      { destinationCustodianId: c.right, completedAt: CORRECTED_AT.toISOString() },
      new Date(now + 1),
    ),
  ]);
  expect(await reopenForReprocess(db(), c.rolloverId)).toMatchObject({ done: true, status: 'PENDING' });
  // The reprocess waits in the bulk lane, which nothing in this test dispatches: this test delivers it.
  const run = (await db().doc(`etlRuns/${c.rolloverId}`).get()).data()!;
  return { ...c, message: { rolloverId: c.rolloverId, eventId: run.eventId, attempt: run.claim } };
}

/** The stored figures of one analytics row (null: none). */
async function storedWindow(custodianId: string, granularity: string, periodStart: string) {
  const { rows } = await sql().query<{ completed_count: number; volume_cents: string }>(
    `SELECT completed_count, volume_cents::text FROM analytics_time_series
      WHERE custodian_id = $1 AND granularity = $2 AND period_start = $3::date`,
    [custodianId, granularity, periodStart],
  );
  return rows[0] ?? null;
}

test("revision 2's etl.completed lists a passed check for every old window, and the old windows no longer count it", async () => {
  const c = await reprocessedCorrection('ow-verified');
  await processEtlMessage(inProcessWorker(testWarehouse()), c.message);
  await waitForRunStatus(c.rolloverId, 'FINISHED');

  const signal = (await db().collection('events').doc(etlCompletedEventId(c.rolloverId, 2)).get()).data()!;
  const data = EtlCompletedData.parse(signal.eventData);
  expect(data.verificationChecks.filter((check) => !check.passed)).toEqual([]);
  // The current windows of the source and the new destination, as for any rollover; then the old
  // windows: all five of the old destination's, and the source's old day, month and quarter (its
  // week and year hold the corrected completion too, and are checked under their current names).
  expect(data.verificationChecks.map((check) => check.check).sort()).toEqual(
    [
      ...checkNames(c.source, c.right),
      ...revisedFromCheckNames([
        [c.wrong, GRANULARITIES],
        [c.source, ['daily', 'monthly', 'quarterly']],
      ]),
    ].sort(),
  );
  expect(data.verificationChecks).toEqual(
    expect.arrayContaining([
      { check: `revisedFrom.monthly.${c.wrong}.includesTransfer`, expected: false, actual: false, passed: true },
      { check: `revisedFrom.monthly.${c.wrong}.completedCount`, expected: 0, actual: 0, passed: true },
      { check: `revisedFrom.quarterly.${c.source}.volumeCents`, expected: 0, actual: 0, passed: true },
      { check: `quarterly.${c.right}.volumeCents`, expected: 600_00, actual: 600_00, passed: true },
    ]),
  );
  expect(await storedWindow(c.wrong, 'monthly', '2026-03-01')).toEqual({ completed_count: 0, volume_cents: '0' });
  expect(await storedWindow(c.source, 'quarterly', '2026-01-01')).toMatchObject({ completed_count: 0 });

  // The run's record: what revision 1 counted (kept until the next reprocess), and what revision 2 counts now.
  const run = (await db().doc(`etlRuns/${c.rolloverId}`).get()).data()!;
  expect(run).toMatchObject({
    revision: 2,
    revisedFrom: { sourceCustodianId: c.source, destinationCustodianId: c.wrong },
    destinationCustodianId: c.right,
  });
  expect((run.revisedFrom.completedAt as Timestamp).toDate()).toEqual(FIRST_AT);
  expect((run.transferCompletedAt as Timestamp).toDate()).toEqual(CORRECTED_AT);
});

/** The real warehouse, except that after each of its analytics refreshes `fault` runs. */
function faultAfterRefresh(fault: () => Promise<unknown>): Warehouse {
  const real = testWarehouse();
  return Object.assign(Object.create(real) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await real.refreshAnalytics(custodianIds, at);
      await fault();
    },
  });
}

// [what goes wrong, the table statement, whose old window, the check that must fail]
const FAULTS: [string, string, 'wrong' | 'source', (c: Corrected) => string][] = [
  [
    "the old destination's March row still counting the transfer",
    `UPDATE analytics_time_series SET completed_count = completed_count + 1
      WHERE custodian_id = $1 AND granularity = 'monthly' AND period_start = '2026-03-01'`,
    'wrong',
    (c) => `revisedFrom.monthly.${c.wrong}.completedCount`,
  ],
  [
    "the source's first-quarter volume still holding the amount",
    `UPDATE analytics_time_series SET volume_cents = volume_cents + 60000
      WHERE custodian_id = $1 AND granularity = 'quarterly' AND period_start = '2026-01-01'`,
    'source',
    (c) => `revisedFrom.quarterly.${c.source}.volumeCents`,
  ],
];

test.each(FAULTS)(
  '%s between phase 5 and phase 6 fails verification, naming the check',
  async (_, statement, side, failing) => {
    const c = await reprocessedCorrection('ow-fault');
    const custodianId = c[side];
    const outcome = processEtlMessage(
      inProcessWorker(faultAfterRefresh(() => sql().query(statement, [custodianId]))),
      c.message,
    );
    await expect(outcome).rejects.toThrow(/verify/);

    expect((await eventsOf(c.rolloverId, 'etl.completed')).map((e) => e.id)).toEqual([
      etlCompletedEventId(c.rolloverId),
    ]);
    const run = (await db().doc(`etlRuns/${c.rolloverId}`).get()).data()!;
    expect(run).toMatchObject({ status: 'RUNNING', revision: 2 });
    const check = failing(c);
    expect(run.lastError).toMatchObject({ retryable: true, phase: 'verify', missing: expect.arrayContaining([check]) });
    expect(run.lastError.reason).toContain(`${check}: expected`);
  },
);
