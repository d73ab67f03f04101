// GET /runs/:id on the real etlAdmin function: a run's source events in time order, its
// etl.completed or etl.failed payloads, and the actions its state allows; 401/403/404/400.
import { adminApi } from '../support/admin-api';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'detail-admin');
});

/** Ten minutes long, with its chain events, so the detail lists every kind of source event. */
const detailRollover = (rolloverId: string) =>
  rollover({ rolloverId, prefix: 'detail', amountCents: 42_00, durationMs: 10 * 60_000, chain: true });

test('a finished run: its source events in order, the etl.completed payload, and reprocess as its only action', async () => {
  const rolloverId = uniqueId('detail-ok');
  const l = detailRollover(rolloverId);
  await writeLifecycle(l);
  await waitForCompletion(rolloverId);

  const detail = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({
    id: rolloverId,
    status: 'FINISHED',
    allowedActions: ['reprocess'],
    failures: [],
  });
  const sourceIds = l.events.map((e) => e.id);
  expect(detail.body.events.map((e: { id: string }) => e.id)).toEqual(sourceIds);
  expect(detail.body.events[0]).toMatchObject({
    eventType: 'rollover.initiated',
    data: { transferId: `tr-${rolloverId}` },
  });
  expect(detail.body.completion).toMatchObject({
    id: `etl-completed-${rolloverId}`,
    transferId: `tr-${rolloverId}`,
    verificationChecks: expect.arrayContaining([expect.objectContaining({ passed: true })]),
  });
  expect(Object.keys(detail.body.phaseTimingsMs)).toEqual(
    expect.arrayContaining(['extract', 'core', 'chain', 'status', 'analytics', 'verify']),
  );
});

test('a failed run: its etl.failed payload, no completion, and retry or pause allowed', async () => {
  const rolloverId = uniqueId('detail-bad');
  // The completion alone: the extract finds no rollover.initiated, a permanent failure.
  await writeLifecycle(detailRollover(rolloverId), 'completion-only');
  await waitForRunStatus(rolloverId, 'ERROR');

  const detail = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({ status: 'ERROR', completion: null, allowedActions: ['retry', 'pause'] });
  expect(detail.body.failures).toHaveLength(1);
  expect(detail.body.failures[0]).toMatchObject({ retryable: false, attempt: 1 });
  expect(detail.body.events.map((e: { eventType: string }) => e.eventType)).toEqual(['rollover.completed']);

  // Paused, only a retry or a resume moves it on; the detail says so.
  expect((await adminApi('POST', '/pause', { token: admin, body: { rolloverId } })).status).toBe(200);
  expect((await adminApi('GET', `/runs/${rolloverId}`, { token: admin })).body.allowedActions).toEqual([
    'retry',
    'resume',
  ]);
});

test('401 without a token, 403 for a non-admin, 404 for an unknown run, 400 for an id that cannot exist', async () => {
  expect((await adminApi('GET', '/runs/anything')).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: 'custodian-alpha' }, 'detail-custodian');
  expect((await adminApi('GET', '/runs/anything', { token: custodian })).status).toBe(403);
  expect((await adminApi('GET', `/runs/${uniqueId('never')}`, { token: admin })).status).toBe(404);
  expect((await adminApi('GET', '/runs/__reserved__', { token: admin })).status).toBe(400);
});
