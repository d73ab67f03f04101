// One complete rollover through the real trigger, Pub/Sub worker and PostgreSQL: every table
// gets its rows, analytics are exact for both custodians, and one etl.completed meets the contract.
import { EtlCompletedData, EtlRunDoc, PHASES } from '@trustrails/contracts';
import { uniqueId } from '../support/firebase';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { rowCountsForTransfer } from '../support/tables';

afterAll(closeWarehouse);

test('a full lifecycle populates every table and announces etl.completed once', async () => {
  const rolloverId = uniqueId('full');
  const completedAt = new Date();
  const l = rollover({ rolloverId, amountCents: 1_234_567, completedAt, durationMs: 90 * 60_000, chain: true });
  const [source, destination] = [l.sourceCustodianId, l.destinationCustodianId];
  await writeLifecycle(l);

  const event = await waitForCompletion(rolloverId);
  expect(event).toMatchObject({
    eventType: 'etl.completed',
    rolloverId,
    userId: 'system-etl',
    source: 'master-etl-orchestrator',
  });
  const data = EtlCompletedData.parse(event.eventData);
  expect(data).toMatchObject({
    transferId: `tr-${rolloverId}`,
    sourceCustodianId: source,
    destinationCustodianId: destination,
  });
  expect(data.tablesPopulated).toEqual(
    expect.arrayContaining(['transfers', 'blockchain_transactions', 'token_movements', 'analytics_time_series']),
  );
  expect(Object.keys(data.phaseTimingsMs).sort()).toEqual([...PHASES].sort());
  expect(data.processingTimeMs).toBeGreaterThan(0);

  const run = await waitForRunStatus(rolloverId, 'FINISHED');
  expect(EtlRunDoc.safeParse(run).error).toBeUndefined();
  expect(run.phaseTimingsMs).toEqual(data.phaseTimingsMs);
  expect(run).toMatchObject({ transferId: `tr-${rolloverId}`, attempt: 1, lastError: null });

  expect(await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination])).toEqual({
    custodian: 2,
    participant: 1,
    account: 2,
    transfer: 1,
    financial_breakdown: 1,
    transfer_event: 6,
    transfer_status_history: 1,
    blockchain_transaction: 1,
    token_movement: 1,
    audit_log: 1,
    analytics_time_series: 10,
    etl_run: 1,
  });

  const month = completedAt.toISOString().slice(0, 7);
  for (const custodian of [source, destination]) {
    const summary = await testWarehouse().getMonthlySummary(custodian, month);
    expect(summary).toMatchObject({
      custodianId: custodian,
      month,
      completedCount: 1,
      volumeCents: 1_234_567,
      avgCompletionMs: 90 * 60_000,
    });
    expect(summary.asOf).not.toBeNull();
  }
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
});

test('a rollover without chain events writes no chain rows (absent means absent)', async () => {
  const rolloverId = uniqueId('nochain');
  const l = rollover({ rolloverId, amountCents: 500, durationMs: 1_000 });
  const [source, destination] = [l.sourceCustodianId, l.destinationCustodianId];
  await writeLifecycle(l);
  const data = EtlCompletedData.parse((await waitForCompletion(rolloverId)).eventData);
  expect(data.tablesPopulated).not.toContain('blockchain_transactions');
  const counts = await rowCountsForTransfer(sql(), `tr-${rolloverId}`, [source, destination]);
  expect(counts.blockchain_transaction).toBe(0);
  expect(counts.token_movement).toBe(0);
});
