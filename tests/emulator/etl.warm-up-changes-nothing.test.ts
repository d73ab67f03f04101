// The worker's warm-up (functions/src/etl/warm-up.ts), which npm start sends once the stack is up:
// it must touch Firestore and the warehouse (that is its point) and change nothing in either, and
// it must never throw, since a failed warm-up is not worth a redelivery.
import type { Warehouse } from '@trustrails/warehouse';
import { isWarmUp, warmUp } from '../../functions/src/etl/warm-up';
import { db } from '../support/firebase';
import { closeWarehouse, sql, testWarehouse } from '../support/warehouse';

afterAll(closeWarehouse);

const COLLECTIONS = ['events', 'etlRuns', 'etlDeadLetters', 'etlControl'];
const TABLES = ['custodian', 'transfer', 'analytics_time_series', 'etl_run'];

async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of COLLECTIONS) counts[name] = (await db().collection(name).count().get()).data().count;
  for (const table of TABLES)
    counts[table] = Number((await sql().query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return counts;
}

test('a warm-up reads Firestore and the warehouse, and changes neither', async () => {
  const calls: string[] = [];
  const real = testWarehouse();
  const spy = {
    ...real,
    listCustodianIds: () => (calls.push('listCustodianIds'), real.listCustodianIds()),
  } as Warehouse;
  let codeLoaded = false;
  const before = await snapshot();
  await warmUp({ db: db(), warehouse: () => spy, code: Promise.resolve().then(() => (codeLoaded = true)) });
  expect(calls).toEqual(['listCustodianIds']);
  expect(codeLoaded).toBe(true);
  expect(await snapshot()).toEqual(before);
});

test('a warm-up whose warehouse fails still resolves (the message is acknowledged)', async () => {
  const broken = {
    listCustodianIds: () => Promise.reject(new Error('connection refused')),
  } as unknown as Warehouse;
  await expect(warmUp({ db: db(), warehouse: () => broken, code: Promise.resolve() })).resolves.toBeUndefined();
});

test('only the warm-up message is taken for one', () => {
  expect(isWarmUp({ warmUp: true })).toBe(true);
  expect(isWarmUp({ rolloverId: 'r-1', eventId: 'r-1-completed', attempt: 1 })).toBe(false);
  expect(isWarmUp(undefined)).toBe(false);
});
