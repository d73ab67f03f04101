// A stale phase 2 write racing phase 4 never moves a completed transfer back to processing on the
// Data Connect adapter: the core write no longer carries a status it read earlier.
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { dataConnectAdapter } from '../support/adapters';

test('a core write that read the status before phase 4 completed it leaves it completed (Data Connect double)', async () => {
  const a = await dataConnectAdapter();
  try {
    const s = uniqueSuffix();
    const r = rollover({
      source: `a-${s}`,
      destination: `b-${s}`,
      amountCents: 7,
      completedAt: new Date(),
      durationMs: 7,
    });
    await a.warehouse.writeCore(r);
    let raced = false;
    a.double.beforeReply = async (operation) => {
      if (operation === 'UpdateTransferCore' || raced) return;
      raced = true;
      // The stale worker has read; the live one finishes phase 4 before the stale write lands.
      a.double.beforeReply = null;
      await a.warehouse.markCompleted(r, { attempt: 2, actor: 'system-etl' });
    };
    await a.warehouse.writeCore(r);
    expect(raced).toBe(true);
    expect(a.double.transfers.get(r.transferId)?.status).toBe('completed');
  } finally {
    await a.close();
  }
});
