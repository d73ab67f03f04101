// firestore.rules against the real Firestore emulator: clients never write server-owned
// collections, and a custodian user reads only its own custodian's events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { doc, getDoc, setDoc, setLogLevel } from 'firebase/firestore';

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

test('a custodian reads its own events but not another custodian’s', async () => {
  await assertSucceeds(getDoc(doc(alpha(), 'events/alpha-event')));
  await assertFails(getDoc(doc(alpha(), 'events/beta-event')));
});

test('only admins read etlRuns; anonymous users read nothing', async () => {
  await assertSucceeds(getDoc(doc(admin(), 'etlRuns/r-alpha')));
  await assertFails(getDoc(doc(alpha(), 'etlRuns/r-alpha')));
  await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), 'events/alpha-event')));
});

test('only admins read etlAlerts, and no client writes them', async () => {
  await assertSucceeds(getDoc(doc(admin(), 'etlAlerts/pendingCount')));
  await assertFails(getDoc(doc(alpha(), 'etlAlerts/pendingCount')));
  await assertFails(setDoc(doc(admin(), 'etlAlerts/pendingCount'), { state: 'resolved' }));
  await assertFails(setDoc(doc(alpha(), 'etlAlerts/deadLetters'), { state: 'open' }));
  await assertFails(setDoc(doc(env.unauthenticatedContext().firestore(), 'etlAlerts/failuresPerHour'), {}));
});

test('only admins read etlDeadLetters, and no client writes them', async () => {
  await assertSucceeds(getDoc(doc(admin(), 'etlDeadLetters/m-1')));
  await assertFails(getDoc(doc(alpha(), 'etlDeadLetters/m-1')));
  await assertFails(setDoc(doc(admin(), 'etlDeadLetters/m-1'), { status: 'REDRIVEN' }));
  await assertFails(setDoc(doc(alpha(), 'etlDeadLetters/m-2'), { status: 'DEAD' }));
  await assertFails(setDoc(doc(env.unauthenticatedContext().firestore(), 'etlDeadLetters/m-3'), {}));
});
