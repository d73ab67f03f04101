// The admin API answers exactly what packages/contracts (admin-api.ts) describes: adminApi() holds
// every answer to its schema (tests/support/admin-contract.ts). Here the check itself is shown to
// refuse a drifted answer, and the real etlAdmin's health, runs page, run detail, status counts,
// schedules and sweep are read through it.
import { checkAdminResponse } from '../support/admin-contract';
import { adminApi } from '../support/admin-api';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { completeRollover } from '../support/rollover';

const health = {
  queueDepth: 1,
  pending: 1,
  running: 0,
  byStatus: { PENDING: 1, RUNNING: 0, FINISHED: 2, ERROR: 0, PAUSED: 0 },
  pendingByLane: { live: 1, bulk: 0 },
  oldestPendingAt: '2030-01-01T00:00:00.000Z',
  failuresLastHour: 0,
  processingTimeMs: { samples: 2, avg: 10, p95: 12 },
  freshnessMs: { windowMs: 3_600_000, samples: 0, p50: null, p95: null, objectiveMs: 1_000 },
};

test('the check refuses an answer that lacks, mistypes or adds a field, and passes the exact one', () => {
  expect(() => checkAdminResponse('GET', '/health', 200, health)).not.toThrow();
  const { failuresLastHour: _dropped, ...lacking } = health;
  expect(() => checkAdminResponse('GET', '/health', 200, lacking)).toThrow(
    /GET \/health \(200\) breaks the contract: failuresLastHour/,
  );
  expect(() => checkAdminResponse('GET', '/health', 200, { ...health, pending: '1' })).toThrow(/pending/);
  expect(() =>
    checkAdminResponse('GET', '/health', 200, {
      ...health,
      processingTimeMs: { ...health.processingTimeMs, p99: 20 },
    }),
  ).toThrow(/does not name: \["processingTimeMs.p99"\]/);
  expect(() => checkAdminResponse('GET', '/health', 403, { message: 'no' })).toThrow(/error/);
});

test("the real etlAdmin's answers pass the contract", async () => {
  const admin = await idTokenFor({ admin: true }, 'contract-admin');
  const rolloverId = uniqueId('contract');
  await completeRollover({ rolloverId, prefix: 'contract', amountCents: 12_00 });

  // adminApi throws on an answer that drifted; the figures below show each call read something.
  expect((await adminApi('GET', '/health', { token: admin })).body.byStatus.FINISHED).toBeGreaterThanOrEqual(1);
  const page = await adminApi('GET', '/runs?status=FINISHED&pageSize=5', { token: admin });
  expect(page.body.runs.length).toBeGreaterThanOrEqual(1);
  const detail = await adminApi('GET', `/runs/${rolloverId}`, { token: admin });
  expect(detail.body).toMatchObject({
    id: rolloverId,
    status: 'FINISHED',
    completion: { id: `etl-completed-${rolloverId}` },
  });
  const counts = await adminApi('POST', '/runs/status', {
    token: admin,
    body: { rolloverIds: [rolloverId, uniqueId('none')] },
  });
  expect(counts.body).toEqual({ FINISHED: 1, MISSING: 1 });
  expect((await adminApi('POST', '/sweep', { token: admin, body: {} })).status).toBe(200);
  const schedules = await adminApi('GET', '/schedules', { token: admin });
  expect(schedules.body.jobs.map((j: { job: string }) => j.job)).toEqual(['reaggregate', 'sweep']);
  expect((await adminApi('GET', '/runs/anything', {})).status).toBe(401);
}, 120_000);
