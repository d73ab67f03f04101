// A reprocess through the dataconnect adapter, where phase 2's writes are separate requests (no
// transaction across them): the first attempt dies right after the corrected transfer is written,
// before the windows that counted the old values were rebuilt. The retry reads the transfer
// already corrected, so only the run's record of what the previous revision counted (revisedFrom:
// its custodians and completion time) can tell it which windows to rebuild; it must rebuild them
// exactly, and phase 6 must verify them (`revisedFrom.<granularity>.<custodianId>.<figure>`).
// Driven against the executing double (the Data Connect emulator cannot be downloaded here); the
// worker's death is the double refusing every write after the transfer update.
import { GRANULARITIES } from '@trustrails/contracts';
import type { RevisedFrom, RolloverAggregate, Warehouse } from '@trustrails/warehouse';
import { useDataConnectDouble } from '../../packages/warehouse/test/support/data-connect-harness';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { windowOf } from '@trustrails/warehouse';
import { verify } from '../src/etl/phases/verify';
import { checkNames, revisedFromCheckNames } from './support/check-names';

const dc = useDataConnectDouble('demo-reprocess-old-windows');
const HOUR = 3_600_000;
// A Monday in March (Q1); the correction moves it to the Tuesday after: same week and year,
// another day, month and quarter.
const FIRST_AT = new Date('2036-03-31T20:00:00Z');
const CORRECTED_AT = new Date('2036-04-01T09:00:00Z');

/** Phases 2 to 5 of one attempt, as the orchestrator runs them. */
async function load(warehouse: Warehouse, r: RolloverAggregate, attempt: number, revisedFrom: RevisedFrom | null) {
  await warehouse.writeCore(r, revisedFrom);
  await warehouse.writeChain(r);
  await warehouse.markCompleted(r, { attempt, actor: 'system-etl' });
  await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], r.completedAt);
}

/** A rollover loaded once (revision 1), then corrected: another destination, amount and completion day, month and quarter. */
async function loadedThenCorrected() {
  const s = uniqueSuffix();
  const [source, wrong, right] = [`src-${s}`, `old-${s}`, `new-${s}`];
  const first = rollover({ source, destination: wrong, amountCents: 1_000, completedAt: FIRST_AT, durationMs: HOUR });
  await load(dc.warehouse, first, 1, null);
  const corrected: RolloverAggregate = {
    ...first,
    destinationCustodianId: right,
    destinationAccount: { accountId: `${first.destinationAccount.accountId}-2`, accountType: 'ira', last4: null },
    amountCents: 1_250,
    completedAt: CORRECTED_AT,
    durationMs: first.durationMs + (CORRECTED_AT.getTime() - FIRST_AT.getTime()),
  };
  // What the run records when the admin reprocesses it: whom and when revision 1 counted it for.
  const revisedFrom: RevisedFrom = { sourceCustodianId: source, destinationCustodianId: wrong, completedAt: FIRST_AT };
  return { source, wrong, right, first, corrected, revisedFrom };
}

/** Every window of the custodians at the instants: stored figures beside a fresh count (absent rows as null). */
function windows(custodianIds: string[], instants: Date[]) {
  return custodianIds.flatMap((custodianId) =>
    GRANULARITIES.flatMap((granularity) =>
      instants.map((at) => {
        const w = windowOf(granularity, at);
        const row = dc.double.analyticsRow(custodianId, granularity, w.periodStart);
        const fresh = dc.double.fresh(custodianId, w.start, w.end);
        return {
          window: `${granularity}.${custodianId}.${w.periodStart}`,
          stored: row && { completedCount: Number(row.completedCount), volumeCents: Number(row.volumeCents) },
          fresh: { completedCount: fresh.completedCount, volumeCents: fresh.volumeCents },
        };
      }),
    ),
  );
}

test('the retry of a reprocess that died after the transfer update rebuilds the old windows exactly', async () => {
  const { source, wrong, right, first, corrected, revisedFrom } = await loadedThenCorrected();
  expect(dc.double.analyticsRow(wrong, 'monthly', '2036-03-01')).toMatchObject({ completedCount: 1 });

  // Attempt 1 of revision 2: the worker dies once the corrected transfer is written; none of its later writes land.
  let transferUpdated = false;
  dc.double.beforeWrite = async (operation) => {
    if (transferUpdated) throw new Error('the worker died');
    if (operation === 'UpdateTransferCore') transferUpdated = true;
  };
  try {
    await expect(load(dc.warehouse, corrected, 2, revisedFrom)).rejects.toThrow('the worker died');
  } finally {
    dc.double.beforeWrite = null;
  }
  // What the retry finds: the transfer already moved to the new destination and day, the old windows still counting it.
  expect(dc.double.transfers.get(first.transferId)).toMatchObject({
    destinationCustodianId: right,
    completedAt: CORRECTED_AT.toISOString(),
  });
  expect(dc.double.analyticsRow(wrong, 'daily', '2036-03-31')).toMatchObject({ completedCount: 1 });

  // Attempt 2: every phase again, from the same run record.
  await load(dc.warehouse, corrected, 3, revisedFrom);

  // Every window of every custodian, at the old and the new completion, is stored and equals a
  // fresh count (phase 2 rebuilds them all, the new destination's old windows included).
  const all = windows([source, wrong, right], [FIRST_AT, CORRECTED_AT]);
  expect(all.filter((w) => JSON.stringify(w.stored) !== JSON.stringify(w.fresh))).toEqual([]);
  // The old destination counts nothing any more, in any granularity; the source's old day, month and quarter neither.
  expect(windows([wrong], [FIRST_AT]).map((w) => w.stored)).toEqual(
    GRANULARITIES.map(() => ({ completedCount: 0, volumeCents: 0 })),
  );
  expect(dc.double.analyticsRow(source, 'quarterly', '2036-01-01')).toMatchObject({ completedCount: 0 });
  expect(dc.double.analyticsRow(source, 'quarterly', '2036-04-01')).toMatchObject({ completedCount: 1 });

  // Phase 6 verifies the old windows too: all five of the old destination's, and the source's
  // old day, month and quarter (its week and year are the current ones, checked as such).
  const { verificationChecks } = await verify(dc.warehouse, corrected, revisedFrom);
  expect(verificationChecks.filter((c) => !c.passed)).toEqual([]);
  expect(verificationChecks.map((c) => c.check).sort()).toEqual(
    [
      ...checkNames(source, right),
      ...revisedFromCheckNames([
        [wrong, GRANULARITIES],
        [source, ['daily', 'monthly', 'quarterly']],
      ]),
    ].sort(),
  );
  expect(verificationChecks).toEqual(
    expect.arrayContaining([
      { check: `revisedFrom.monthly.${wrong}.includesTransfer`, expected: false, actual: false, passed: true },
      { check: `revisedFrom.monthly.${wrong}.completedCount`, expected: 0, actual: 0, passed: true },
      { check: `revisedFrom.quarterly.${source}.volumeCents`, expected: 0, actual: 0, passed: true },
    ]),
  );
});

test('an old window wrong after phase 5 fails phase 6, naming its check', async () => {
  const { wrong, corrected, revisedFrom } = await loadedThenCorrected();
  await load(dc.warehouse, corrected, 2, revisedFrom);
  // Made wrong again after every refresh, so phase 6's own recomputes cannot heal it.
  const corrupt = () => {
    const row = dc.double.analyticsRow(wrong, 'monthly', '2036-03-01')!;
    row.completedCount = Number(row.completedCount) + 1;
  };
  corrupt();
  const refaulting = Object.assign(Object.create(dc.warehouse) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await dc.warehouse.refreshAnalytics(custodianIds, at);
      corrupt();
    },
  });
  await expect(verify(refaulting, corrected, revisedFrom)).rejects.toThrow(
    `revisedFrom.monthly.${wrong}.completedCount: expected 0, read 1`,
  );
});
