// Fault: a poison event (a float amount in rollover.initiated). The run fails permanently with
// the reason, is visible through the admin API, and an admin retry after the source data is
// fixed completes it.
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { writeEvents } from '../support/lifecycle';
import { rollover } from '../support/rollover';

test('poison event → ERROR visible in the admin API → fix → retry → FINISHED', async () => {
  const rolloverId = uniqueId('poison');
  const l = rollover({ rolloverId, amountCents: 5_000, durationMs: 1_000 });
  const initiated = l.before[0]!;
  const eventData = initiated.data.eventData as Record<string, unknown>;
  console.log('inject: rollover.initiated with requestedAmountCents = 50.5 (a float)');
  await writeEvents(db(), [
    { id: initiated.id, data: { ...initiated.data, eventData: { ...eventData, requestedAmountCents: 50.5 } } },
    ...l.before.slice(1),
    l.completed,
  ]);

  await waitForRunStatus(rolloverId, 'ERROR');
  const admin = await idTokenFor({ admin: true }, 'poison-admin');
  const detail = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({
    status: 'ERROR',
    lastError: { retryable: false, missing: ['rollover.initiated.eventData.requestedAmountCents'] },
  });
  expect(detail.body.failures).toHaveLength(1);
  const listed = await adminApi('GET', '/runs?status=ERROR&pageSize=100', { token: admin });
  expect(listed.body.runs.map((r: { id: string }) => r.id)).toContain(rolloverId);

  // An admin can hold the failed run; nothing moves a PAUSED run on by itself, only a retry.
  expect(await adminApi('POST', '/pause', { token: admin, body: { rolloverId } })).toMatchObject({
    status: 200,
    body: { status: 'PAUSED' },
  });
  expect((await db().collection('etlRuns').doc(rolloverId).get()).get('status')).toBe('PAUSED');

  console.log('fix: requestedAmountCents = 5000, then POST /retry');
  await db().collection('events').doc(initiated.id).update({ 'eventData.requestedAmountCents': 5_000 });
  const retry = await adminApi('POST', '/retry', { token: admin, body: { rolloverId } });
  expect(retry).toMatchObject({ status: 200, body: { retried: true } });

  await waitForCompletion(rolloverId);
  const run = await waitForRunStatus(rolloverId, 'FINISHED');
  expect(run).toMatchObject({ claim: 2, lastError: null });
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(1);
  console.log(`checked: run ERROR with the field named, then FINISHED at claim ${run.claim}`);
});
