// After a mixed burst (several custodians in both roles, a transfer within one custodian, two
// months), every custodian's analytics equal a direct SQL recomputation from Transfer.
import { uniqueId } from '../support/firebase';
import { waitForCompletion } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';
import { monthlyFromTransfers } from '../support/tables';

afterAll(closeWarehouse);

test('a mixed burst leaves analytics equal to a recomputation from Transfer', async () => {
  const custodians = [uniqueId('mix-a'), uniqueId('mix-b'), uniqueId('mix-c'), uniqueId('mix-d')];
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12));
  const rollovers = Array.from({ length: 24 }, (_, i) => {
    const source = custodians[i % 4]!;
    // Every fifth transfer stays within one custodian: it must count once, not twice.
    const destination = i % 5 === 0 ? source : custodians[(i + 1 + (i % 3)) % 4]!;
    const completedAt = i % 6 === 0 ? lastMonth : new Date(now.getTime() - i * 1000);
    const ends = { sourceCustodianId: source, destinationCustodianId: destination };
    const timing = { completedAt, durationMs: (i + 1) * 61_000 };
    return rollover({ prefix: `mix${i}`, ...ends, ...timing, amountCents: 1_000 * (i + 1) + i, chain: i % 2 === 0 });
  });
  await writeLifecycle(rollovers, 'before-completion');
  await writeLifecycle(rollovers, 'completion-only');
  await Promise.all(rollovers.map((l) => waitForCompletion(l.rolloverId, 60_000)));

  for (const month of [now.toISOString().slice(0, 7), lastMonth.toISOString().slice(0, 7)]) {
    for (const custodian of custodians) {
      const expected = await monthlyFromTransfers(sql(), custodian, month);
      const summary = await testWarehouse().getMonthlySummary(custodian, month);
      expect({ custodian, month, ...pick(summary) }).toEqual({ custodian, month, ...expected });
    }
  }
  // The recomputation is not vacuous: the burst really landed in both months.
  const totals = await Promise.all(
    custodians.map((c) => monthlyFromTransfers(sql(), c, now.toISOString().slice(0, 7))),
  );
  expect(totals.reduce((n: number, t: { completedCount: number }) => n + t.completedCount, 0)).toBeGreaterThan(20);
}, 90_000);

const pick = (s: { completedCount: number; volumeCents: number; avgCompletionMs: number | null }) => ({
  completedCount: s.completedCount,
  volumeCents: s.volumeCents,
  avgCompletionMs: s.avgCompletionMs,
});
