// firestore.rules against the real Firestore emulator: clients neither read nor write any
// server-owned collection, admins included. Rules cannot see a revoked session or a disabled user,
// and ID-token claims stay frozen for up to an hour, so every read goes through the web routes,
// which check revocation (docs/security.md); the browser never reads Firestore itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, setLogLevel, where } from 'firebase/firestore';

let env: RulesTestEnvironment;
const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080').split(':');

beforeAll(async () => {
  // Denied writes are the point of these tests; the SDK would log each one as a warning.
  setLogLevel('error');
  env = await initializeTestEnvironment({
    // A project id of its own, so clearing data never touches other suites' documents.
    projectId: 'demo-trustrails-rules',
    firestore: { rules: readFileSync(join(__dirname, '../../firestore.rules'), 'utf8'), host, port: Number(port) },
  });
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    const event = (source: string, destination: string) => ({
      eventType: 'rollover.completed',
      rolloverId: `r-${source}`,
      userId: 'platform',
      timestamp: new Date(),
      source: 'rollover-platform',
      eventData: { transferId: 't', sourceCustodianId: source, destinationCustodianId: destination, amountCents: 1 },
    });
    await setDoc(doc(db, 'events/alpha-event'), event('custodian-alpha', 'custodian-gamma'));
    await setDoc(doc(db, 'events/beta-event'), event('custodian-beta', 'custodian-gamma'));
    await setDoc(doc(db, 'etlRuns/r-alpha'), { status: 'FINISHED' });
    await setDoc(doc(db, 'etlDeadLetters/m-1'), { rolloverId: 'r-alpha', status: 'DEAD' });
    await setDoc(doc(db, 'etlAlerts/pendingCount'), { condition: 'pendingCount', state: 'open' });
    for (const path of ['etlControl/state', 'etlSchedules/sweep', 'etlBackfills/b-1', 'etlBackfills/b-1/runs/r-alpha'])
      await setDoc(doc(db, path), { seeded: true });
    await setDoc(doc(db, 'etlAudit/a-1'), { action: 'retry', uid: 'admin-user', rolloverId: 'r-alpha', outcome: null });
    for (const path of ['etlBulkSlots/0', 'etlFaults/worker', 'reaggregationProgress/custodian-alpha'])
      await setDoc(doc(db, path), { seeded: true });
  });
});

afterAll(async () => {
  await env.clearFirestore();
  await env.cleanup();
});

const alpha = () => env.authenticatedContext('alpha-user', { custodianId: 'custodian-alpha' }).firestore();
const admin = () => env.authenticatedContext('admin-user', { admin: true }).firestore();

test('clients cannot write events, even as admin', async () => {
  await assertFails(setDoc(doc(alpha(), 'events/forged'), { eventType: 'etl.completed' }));
  await assertFails(setDoc(doc(admin(), 'events/forged'), { eventType: 'etl.completed' }));
  await assertFails(setDoc(doc(env.unauthenticatedContext().firestore(), 'events/forged'), {}));
});

test('clients cannot write etlRuns', async () => {
  await assertFails(setDoc(doc(alpha(), 'etlRuns/r-alpha'), { status: 'PENDING' }));
  await assertFails(setDoc(doc(admin(), 'etlRuns/r-new'), { status: 'FINISHED' }));
});

// Every collection the server keeps, with a document the seeding above (or none) holds.
const SERVER_DOCUMENTS = [
  'events/alpha-event',
  'etlRuns/r-alpha',
  'etlDeadLetters/m-1',
  'etlAlerts/pendingCount',
  'etlControl/state',
  'etlSchedules/sweep',
  'etlBackfills/b-1',
  'etlBackfills/b-1/runs/r-alpha',
  'etlBulkSlots/0',
  'etlFaults/worker',
  'reaggregationProgress/custodian-alpha',
  'etlAudit/a-1',
];

test.each(SERVER_DOCUMENTS)('no client reads %s: not its custodian, not an admin, not anonymous', async (path) => {
  await assertFails(getDoc(doc(alpha(), path)));
  await assertFails(getDoc(doc(admin(), path)));
  await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), path)));
});

test('no client lists events, even its own custodian’s', async () => {
  const own = query(collection(alpha(), 'events'), where('eventData.sourceCustodianId', '==', 'custodian-alpha'));
  await assertFails(getDocs(own));
  await assertFails(getDocs(collection(admin(), 'etlRuns')));
});

test.each(SERVER_DOCUMENTS)('no client writes %s', async (path) => {
  await assertFails(setDoc(doc(admin(), path), { forged: true }));
  await assertFails(setDoc(doc(alpha(), path), { forged: true }));
});

test("the audit trail is the server's alone: no client lists it, adds to it, or rewrites an outcome", async () => {
  await assertFails(getDocs(collection(admin(), 'etlAudit')));
  await assertFails(getDocs(query(collection(admin(), 'etlAudit'), where('rolloverId', '==', 'r-alpha'))));
  await assertFails(setDoc(doc(admin(), 'etlAudit/forged'), { action: 'retry', uid: 'someone-else' }));
  await assertFails(setDoc(doc(admin(), 'etlAudit/a-1'), { outcome: { ok: true } }, { merge: true }));
  await assertFails(deleteDoc(doc(admin(), 'etlAudit/a-1')));
});
