// Phase 6 checks every table the rollover wrote and every analytics window it touched, in all five
// granularities for both custodians, against the rollover's events and a recount from committed
// transfers: a row deleted or changed between phase 5 and phase 6 fails the attempt retryably,
// with the check named, and nothing is announced. The worker runs in this process against the
// emulators and the real PostgreSQL; the fault is written by SQL right after each of phase 5's
// refreshes (a wrapper around the real warehouse's refreshAnalytics), the only way to hit that
// instant, and after every refresh, so phase 6's own recomputes cannot heal it.
import { EtlCompletedData } from '@trustrails/contracts';
import type { Warehouse } from '@trustrails/warehouse';
import { db, uniqueId } from '../support/firebase';
import { claimRunByHand, eventsOf, inProcessWorker, waitForCompletion } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { processEtlMessage } from '../../functions/src/etl/orchestrator';
import { runRef } from '../../functions/src/etl/run-state';
import { checkNames } from '../../functions/test/support/check-names';

afterAll(closeWarehouse);

interface Loaded {
  rolloverId: string;
  transferId: string;
  source: string;
  destination: string;
}

/** SQL that leaves one table family or window short or wrong, with its parameters. */
type Fault = (r: Loaded) => [string, unknown[]];

/** The real warehouse, except that after each of phase 5's refreshes `fault` runs. */
function faultAfterRefresh(fault: Fault | null, loaded: Loaded): Warehouse {
  const real = testWarehouse();
  return Object.assign(Object.create(real) as Warehouse, {
    refreshAnalytics: async (custodianIds: string[], at: Date) => {
      await real.refreshAnalytics(custodianIds, at);
      if (fault) await sql().query(...fault(loaded));
    },
  });
}

/** A rollover with every optional table (breakdown, blockchain, mint and burn), claimed and run with `fault` after phase 5. */
async function runWith(prefix: string, fault: Fault | null) {
  const rolloverId = uniqueId(prefix);
  const loaded: Loaded = {
    rolloverId,
    transferId: `tr-${rolloverId}`,
    source: uniqueId('src'),
    destination: uniqueId('dst'),
  };
  const ends = { sourceCustodianId: loaded.source, destinationCustodianId: loaded.destination };
  // Chain events and a burn, so every table and check is in play.
  const l = rollover({ rolloverId, ...ends, amountCents: 40_000, durationMs: 45_000, chain: true, burn: true });
  const message = await claimRunByHand(rolloverId);
  await writeLifecycle(l);
  const outcome = processEtlMessage(inProcessWorker(faultAfterRefresh(fault, loaded)), message);
  return { ...loaded, outcome };
}

test('etl.completed lists a passed check for every table and for every window of both custodians', async () => {
  const r = await runWith('verify-all', null);
  await r.outcome;
  const data = EtlCompletedData.parse((await waitForCompletion(r.rolloverId)).eventData);
  expect(data.verificationChecks.map((c) => c.check).sort()).toEqual(checkNames(r.source, r.destination).sort());
  expect(data.verificationChecks.filter((c) => !c.passed)).toEqual([]);
  expect(data.verificationChecks).toEqual(
    expect.arrayContaining([
      { check: 'token_movements.rows', expected: 2, actual: 2, passed: true },
      { check: 'transfer_events.rows', expected: 7, actual: 7, passed: true },
      { check: `weekly.${r.source}.completedCount`, expected: 1, actual: 1, passed: true },
      { check: `yearly.${r.destination}.inboundCount`, expected: 1, actual: 1, passed: true },
    ]),
  );
  expect(data.tablesPopulated.sort()).toEqual(
    [
      'custodians',
      'participants',
      'accounts',
      'transfers',
      'financial_breakdowns',
      'transfer_events',
      'blockchain_transactions',
      'token_movements',
      'transfer_status_history',
      'audit_logs',
      'analytics_time_series',
    ].sort(),
  );
});

const ofTransfer =
  (statement: string): Fault =>
  (r) => [statement, [r.transferId]];
const ofWindow =
  (statement: string, side: 'source' | 'destination'): Fault =>
  (r) => [statement, [r[side]]];

// [what goes wrong, the fault, the check that must fail]
const FAULTS: [string, Fault, (r: Loaded) => string][] = [
  [
    'a deleted financial breakdown',
    ofTransfer('DELETE FROM financial_breakdown WHERE transfer_id = $1'),
    () => 'financial_breakdowns.rows',
  ],
  [
    'a wrong financial breakdown',
    ofTransfer('UPDATE financial_breakdown SET roth_cents = roth_cents + 1 WHERE transfer_id = $1'),
    () => 'financial_breakdowns.matching',
  ],
  [
    'a missing lineage event',
    ofTransfer(`DELETE FROM transfer_event WHERE transfer_id = $1 AND event_type = 'rollover.funds_sent'`),
    () => 'transfer_events.rows',
  ],
  [
    'a missing blockchain transaction',
    ofTransfer('DELETE FROM blockchain_transaction WHERE transfer_id = $1'),
    () => 'blockchain_transactions.rows',
  ],
  [
    'a wrong blockchain transaction',
    ofTransfer(`UPDATE blockchain_transaction SET tx_hash = '0xforged' WHERE transfer_id = $1`),
    () => 'blockchain_transactions.matching',
  ],
  [
    'a short token movement table',
    ofTransfer(`DELETE FROM token_movement WHERE transfer_id = $1 AND kind = 'burned'`),
    () => 'token_movements.rows',
  ],
  [
    'a wrong token amount',
    ofTransfer('UPDATE token_movement SET amount_cents = amount_cents - 1 WHERE transfer_id = $1'),
    () => 'token_movements.matching',
  ],
  [
    'a missing status history row',
    ofTransfer('DELETE FROM transfer_status_history WHERE transfer_id = $1'),
    () => 'transfer_status_history.rows',
  ],
  [
    'a missing audit row',
    ofTransfer(`DELETE FROM audit_log WHERE entity_type = 'transfer' AND entity_id = $1`),
    () => 'audit_logs.rows',
  ],
  [
    'a transfer with a wrong duration',
    ofTransfer('UPDATE transfer SET duration_ms = duration_ms + 1 WHERE id = $1'),
    () => 'transfer.durationMs',
  ],
  [
    'a wrong weekly volume',
    ofWindow(
      `UPDATE analytics_time_series SET volume_cents = volume_cents + 1 WHERE custodian_id = $1 AND granularity = 'weekly'`,
      'source',
    ),
    (r) => `weekly.${r.source}.volumeCents`,
  ],
  [
    'a deleted daily row',
    ofWindow(`DELETE FROM analytics_time_series WHERE custodian_id = $1 AND granularity = 'daily'`, 'destination'),
    (r) => `daily.${r.destination}.completedCount`,
  ],
  [
    'a wrong quarterly inbound count',
    ofWindow(
      `UPDATE analytics_time_series SET inbound_count = inbound_count + 1 WHERE custodian_id = $1 AND granularity = 'quarterly'`,
      'destination',
    ),
    (r) => `quarterly.${r.destination}.inboundCount`,
  ],
  [
    'a short yearly count',
    ofWindow(
      `UPDATE analytics_time_series SET completed_count = completed_count - 1 WHERE custodian_id = $1 AND granularity = 'yearly'`,
      'source',
    ),
    (r) => `yearly.${r.source}.completedCount`,
  ],
];

/**
 * A faulted run can never pass verification again: its forged rows stay (phase 3 inserts chain rows
 * only where none exist), so every re-delivery fails the same check. Left RUNNING, the sweeper would
 * re-deliver it and then re-open it into the bulk lane again and again, holding the lane's slots that
 * later tests need (the CI rehearsal on 8dbf1b3: etl-bulk-lane.sweeper-restarts-lost-chain,
 * faults.poison-event and etl-monitor.e2e timed out behind this file's runs at attempt 32). Held
 * PAUSED, the sweeper leaves it alone.
 */
const holdFaultedRun = (rolloverId: string) => runRef(db(), rolloverId).update({ status: 'PAUSED' });

test.each(FAULTS)('%s between phase 5 and phase 6 fails verification, naming the check', async (_, fault, failing) => {
  const r = await runWith('verify-fault', fault);
  try {
    await expect(r.outcome).rejects.toThrow(/verify/);

    expect(await eventsOf(r.rolloverId, 'etl.completed')).toHaveLength(0);
    const run = (await db().collection('etlRuns').doc(r.rolloverId).get()).data()!;
    expect(run.status).toBe('RUNNING');
    const check = failing(r);
    expect(run.lastError).toMatchObject({ retryable: true, phase: 'verify', missing: expect.arrayContaining([check]) });
    expect(run.lastError.reason).toContain(`${check}: expected`);
  } finally {
    await r.outcome.catch(() => undefined);
    await holdFaultedRun(r.rolloverId);
  }
});
