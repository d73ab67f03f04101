// Stage 3 finishes a run in a transaction whose reads (the run and its etl.completed document) go
// out as one request: in a transaction the first read begins it, so a second get, even one started
// in parallel, waits for its reply. Real Firestore emulator; the spies only count the reads made.
import { Transaction } from 'firebase-admin/firestore';
import { finishRun } from '../../functions/src/etl/run-state';
import { claimRunByHand } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { completionOf, takeCurrent } from '../support/run-transitions';

test('finishing a run reads the run and its etl.completed in one request, then writes both', async () => {
  const rolloverId = uniqueId('finish-one-read');
  await claimRunByHand(rolloverId);
  const { fence } = await takeCurrent(rolloverId);
  const gets = jest.spyOn(Transaction.prototype, 'get');
  const getAlls = jest.spyOn(Transaction.prototype, 'getAll');
  try {
    await expect(finishRun(db(), rolloverId, fence, {}, completionOf(rolloverId), new Date())).resolves.toBe(
      'recorded',
    );
    expect(gets).not.toHaveBeenCalled();
    expect(getAlls).toHaveBeenCalledTimes(1);
  } finally {
    gets.mockRestore();
    getAlls.mockRestore();
  }
  expect((await db().collection('etlRuns').doc(rolloverId).get()).get('status')).toBe('FINISHED');
  expect((await db().collection('events').doc(`etl-completed-${rolloverId}`).get()).get('eventType')).toBe(
    'etl.completed',
  );
  // The fence still decides: the same attempt finishing again is refused as stale, and writes nothing.
  await expect(finishRun(db(), rolloverId, fence, {}, completionOf(rolloverId), new Date())).resolves.toBe('stale');
});
