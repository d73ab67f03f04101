// A run that exhausts its deliveries is dead-lettered: the etl-rollover-dead-letter subscriber
// records the dead letter on its run and in etlDeadLetters, once however often it is delivered,
// and an admin can redrive it to FINISHED, which resolves the letter.
import { PubSub } from '@google-cloud/pubsub';
import { ETL_TOPIC } from '@trustrails/contracts';
import { db, PROJECT_ID, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { waitForCompletion, waitForRunStatus } from '../support/etl';
import { rollover, writeLifecycle } from '../support/rollover';
import { waitFor } from '../support/wait';
import { etlMaxAttempts } from '../../functions/src/config';
import { recordDeadLetter } from '../../functions/src/dead-letters/record';

const pubsub = new PubSub({ projectId: PROJECT_ID });
afterAll(() => pubsub.close());

let admin: string;
let custodian: string;
beforeAll(async () => {
  [admin, custodian] = await Promise.all([
    idTokenFor({ admin: true }, 'dl-admin'),
    idTokenFor({ custodianId: 'custodian-alpha' }, 'dl-custodian'),
  ]);
});

async function deadLettersOf(rolloverId: string) {
  const snap = await db().collection('etlDeadLetters').where('rolloverId', '==', rolloverId).get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as Record<string, unknown> & { id: string });
}

test('a dead-lettered run is recorded once and an admin redrives it to FINISHED', async () => {
  const rolloverId = uniqueId('deadletter');
  // Every delivery fails before phase core.
  await db().collection('etlFaults').doc(rolloverId).set({ phase: 'core', mode: 'throw', remaining: 1_000, fired: 0 });
  console.log('inject: a transient fault before phase core on every delivery');
  const l = rollover({ rolloverId, amountCents: 9_100, durationMs: 5_000 });
  await writeLifecycle(l);

  // The first delivery fails for real. Then the run is wound forward as if ETL_MAX_ATTEMPTS - 2
  // more deliveries had failed the same way (each costs a worker restart in the emulator), and the
  // test redelivers as Pub/Sub would (the emulator acknowledges failed deliveries): the last
  // delivery fails too and dead-letters the run.
  const runRef = db().collection('etlRuns').doc(rolloverId);
  await waitFor('the first delivery to fail', async () => (await runRef.get()).get('lastError')?.retryable === true, {
    timeoutMs: 90_000,
  });
  await runRef.update({ attempt: etlMaxAttempts - 1 });
  const message = { rolloverId, eventId: l.completed.id, attempt: 1 };
  const run = await waitFor(
    'the run to be dead-lettered',
    async () => {
      const snap = await runRef.get();
      if (snap.get('status') === 'ERROR') return snap.data();
      const lease = snap.get('leaseExpiresAt');
      if (snap.get('status') === 'RUNNING' && lease && lease.toMillis() < Date.now())
        await pubsub.topic(ETL_TOPIC).publishMessage({ json: message });
      return undefined;
    },
    { timeoutMs: 120_000, intervalMs: 2_000 },
  );
  expect(run).toMatchObject({ deadLettered: true });

  // Generous deadlines: the subscriber's first worker may take a minute to start on a busy machine.
  const [letter] = await waitFor(
    'the dead letter to be recorded',
    async () => {
      const letters = await deadLettersOf(rolloverId);
      return letters.length > 0 ? letters : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );
  expect(letter).toMatchObject({ rolloverId, eventId: l.completed.id, status: 'DEAD', reason: expect.any(String) });
  expect((await db().collection('etlRuns').doc(rolloverId).get()).get('deadLetterIds')).toEqual([letter!.id]);

  // A redelivered dead letter changes nothing.
  const recorded = await recordDeadLetter(db(), {
    messageId: letter!.id,
    publishedAt: new Date(),
    payload: { ...message, reason: 'attempts exhausted' },
  });
  expect(recorded).toBe(false);
  expect(await deadLettersOf(rolloverId)).toEqual([letter]);

  console.log('fix: the fault clears; POST /dead-letters/redrive');
  await db().collection('etlFaults').doc(rolloverId).update({ remaining: 0 });
  const redrive = await adminApi('POST', '/dead-letters/redrive', { token: admin, body: { rolloverId } });
  expect(redrive).toMatchObject({ status: 200, body: { redriven: [rolloverId] } });
  await waitForCompletion(rolloverId, 120_000);
  const finished = await waitForRunStatus(rolloverId, 'FINISHED');
  // A redrive goes through the bulk lane: a redrive of hundreds must not delay live rollovers.
  expect(finished).toMatchObject({ deadLettered: false, claim: 2, lane: 'bulk', dispatched: true });
  // The run's finish resolved the letter, as healed by the redrive.
  const [after] = await deadLettersOf(rolloverId);
  expect(after).toMatchObject({
    status: 'RESOLVED',
    redrivenBy: expect.any(String),
    resolution: 'run-finished',
    resolvedBy: 'redrive',
  });

  // Nothing is left to redrive for this run: its letter is reported resolved.
  const again = await adminApi('POST', '/dead-letters/redrive', { token: admin, body: { rolloverId } });
  expect(again).toMatchObject({ status: 200, body: { redriven: [], resolved: [rolloverId] } });
  console.log(`checked: dead letter ${letter!.id} recorded once, redriven, run FINISHED at claim 2`);
}, 480_000);

test('a dead letter whose payload is not an ETL message is still recorded, resolved: it names no run', async () => {
  const messageId = uniqueId('dl-bad');
  expect(await recordDeadLetter(db(), { messageId, publishedAt: new Date(), payload: 'not json' })).toBe(true);
  const snap = await db().collection('etlDeadLetters').doc(messageId).get();
  expect(snap.data()).toMatchObject({
    rolloverId: null,
    status: 'RESOLVED',
    resolution: 'no-run',
    resolvedBy: 'subscriber',
    payload: 'not json',
    problem: expect.any(String),
  });
});

test.each([
  ['no token → 401', undefined, { all: true }, 401],
  ['a custodian token → 403', 'CUSTODIAN', { all: true }, 403],
  ['an empty body → 400', 'ADMIN', {}, 400],
  ['both selectors → 400', 'ADMIN', { rolloverId: 'r1', all: true }, 400],
  ['an unsafe rolloverId → 400', 'ADMIN', { rolloverId: '..' }, 400],
  ['an unknown field → 400', 'ADMIN', { all: true, force: true }, 400],
])('POST /dead-letters/redrive with %s', async (_name, who, body, status) => {
  const token = who === 'ADMIN' ? admin : who === 'CUSTODIAN' ? custodian : undefined;
  const response = await adminApi('POST', '/dead-letters/redrive', { token, body });
  expect(response.status).toBe(status);
  expect(response.body.error).toEqual(expect.any(String));
});
