// The embedded PostgreSQL is a real server: separate processes connect at once, and an
// uncommitted write in one is invisible to the others until it commits.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { uniqueId } from '../support/firebase';

const run = promisify(execFile);
const url = process.env.DATABASE_URL!;

/** A separate Node process that counts rows and reports its backend pid. */
async function countFromAnotherProcess(table: string): Promise<{ pid: number; count: number }> {
  const script = `
    const { Client } = require('pg');
    const c = new Client(process.env.DATABASE_URL);
    c.connect()
      .then(() => c.query('SELECT pg_backend_pid() AS pid, (SELECT count(*) FROM ${table})::int AS count'))
      .then((r) => { process.stdout.write(JSON.stringify(r.rows[0])); return c.end(); })
      .catch((e) => { console.error(e.message); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: process.env });
  return JSON.parse(stdout);
}

test('concurrent processes see only committed rows (real transaction isolation)', async () => {
  const table = `iso_${uniqueId('t').replace(/-/g, '_')}`;
  const writer = new Client(url);
  await writer.connect();
  try {
    await writer.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO ${table} VALUES (1), (2)`);

    const [a, b] = await Promise.all([countFromAnotherProcess(table), countFromAnotherProcess(table)]);
    const { rows } = await writer.query('SELECT pg_backend_pid() AS pid');
    expect(a.count).toBe(0);
    expect(b.count).toBe(0);
    expect(new Set([a.pid, b.pid, rows[0].pid]).size).toBe(3);

    await writer.query('COMMIT');
    expect((await countFromAnotherProcess(table)).count).toBe(2);
  } finally {
    await writer.query('ROLLBACK').catch(() => undefined);
    await writer.query(`DROP TABLE IF EXISTS ${table}`);
    await writer.end();
  }
});

test('serializable transactions in two sessions detect a write conflict', async () => {
  const table = `ser_${uniqueId('t').replace(/-/g, '_')}`;
  const [one, two] = [new Client(url), new Client(url)];
  await Promise.all([one.connect(), two.connect()]);
  try {
    await one.query(`CREATE TABLE ${table} (k text PRIMARY KEY, v int)`);
    await one.query(`INSERT INTO ${table} VALUES ('x', 0)`);
    await one.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await two.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await one.query(`SELECT v FROM ${table} WHERE k = 'x'`);
    await two.query(`SELECT v FROM ${table} WHERE k = 'x'`);
    await one.query(`UPDATE ${table} SET v = v + 1 WHERE k = 'x'`);
    await one.query('COMMIT');
    await expect(two.query(`UPDATE ${table} SET v = v + 1 WHERE k = 'x'`)).rejects.toThrow(/serialize/);
    await two.query('ROLLBACK');
    const { rows } = await one.query(`SELECT v FROM ${table} WHERE k = 'x'`);
    expect(rows[0].v).toBe(1);
  } finally {
    await one.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all([one.end(), two.end()]);
  }
});
