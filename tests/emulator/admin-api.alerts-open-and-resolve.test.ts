// Alerts on the real etlAdmin function: runs left PENDING past the stack's ETL_ALERT_PENDING_RUNS
// (3, set by scripts/stack/exec.ts) make POST /sweep open the pendingCount alert; another sweep
// leaves it as it is; once the runs leave PENDING (held as PAUSED by an admin), a sweep resolves
// it. GET /alerts lists it, and is 401 without a token and 403 for a non-admin.
import { ALERT_CONDITIONS, AlertsResponse } from '@trustrails/contracts';
import { adminApi } from '../support/admin-api';
import { pendingAtMost } from '../support/alerts';
import { claimRunByHand } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';

const PENDING_THRESHOLD = 3;
let admin: string;
beforeAll(async () => {
  admin = await idTokenFor({ admin: true }, 'alerts-admin');
});

const alerts = async () => {
  const response = await adminApi('GET', '/alerts', { token: admin });
  expect(response.status).toBe(200);
  return AlertsResponse.parse(response.body);
};
const sweepNow = async () => {
  const response = await adminApi('POST', '/sweep', { token: admin, body: {} });
  expect(response.status).toBe(200);
  return response.body as { alerts: { opened: string[]; resolved: string[] } };
};

test('GET /alerts is 401 without a token and 403 for a non-admin', async () => {
  expect((await adminApi('GET', '/alerts')).status).toBe(401);
  const custodian = await idTokenFor({ custodianId: uniqueId('alerts-custodian') }, 'alerts-user');
  expect((await adminApi('GET', '/alerts', { token: custodian })).status).toBe(403);
});

test('the sweep opens the pending-count alert when runs pile up, once, and resolves it when they clear', async () => {
  // Bring the alerts in line with the stack as it is, so what follows is this test's doing.
  const before = await pendingAtMost(admin, PENDING_THRESHOLD);
  expect((await alerts()).open.map((a) => a.condition)).not.toContain('pendingCount');

  // Real claims, so real PENDING runs; nothing delivers them (no trigger sees them), and they are
  // younger than the stack's ETL_SWEEP_PENDING_AFTER_SECONDS, so the sweep does not either.
  const ids = Array.from({ length: PENDING_THRESHOLD + 1 - before }, (_, i) => uniqueId(`alert-pending${i}`));
  for (const id of ids) await claimRunByHand(id);

  const first = await sweepNow();
  expect(first.alerts.opened).toContain('pendingCount');
  const opened = (await alerts()).open.find((a) => a.condition === 'pendingCount');
  expect(opened).toMatchObject({ state: 'open', threshold: PENDING_THRESHOLD, resolvedAt: null });
  expect(opened!.value).toBeGreaterThan(PENDING_THRESHOLD);
  const stored = (await db().doc('etlAlerts/pendingCount').get()).data()!;
  expect(stored.state).toBe('open');

  // Unchanged: a second sweep neither re-opens nor moves openedAt.
  const second = await sweepNow();
  expect(second.alerts.opened).not.toContain('pendingCount');
  expect((await alerts()).open.find((a) => a.condition === 'pendingCount')!.openedAt).toBe(opened!.openedAt);

  for (const rolloverId of ids) {
    const paused = await adminApi('POST', '/pause', { token: admin, body: { rolloverId } });
    expect(paused.status).toBe(200);
  }
  const third = await sweepNow();
  expect(third.alerts.resolved).toContain('pendingCount');
  const after = await alerts();
  expect(after.open.map((a) => a.condition)).not.toContain('pendingCount');
  const resolved = after.recentlyResolved.find((a) => a.condition === 'pendingCount')!;
  expect(resolved).toMatchObject({ state: 'resolved', openedAt: opened!.openedAt, threshold: PENDING_THRESHOLD });
  expect(Date.parse(resolved.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(opened!.openedAt));
  expect(resolved.value).toBeLessThanOrEqual(PENDING_THRESHOLD);
  // Every condition has at most one document, named by the condition.
  const docs = (await db().collection('etlAlerts').get()).docs.map((d) => d.id);
  expect(docs.every((id) => (ALERT_CONDITIONS as readonly string[]).includes(id))).toBe(true);
}, 240_000);
