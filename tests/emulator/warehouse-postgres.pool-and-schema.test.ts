// The postgres adapter's pool and its production start-up check, against the stack's PostgreSQL:
// statement and lock timeouts are set on every connection, a lock wait fails after lock_timeout
// instead of hanging, a client broken mid-transaction is discarded, and a database missing a
// table or column the adapter needs is refused with everything missing named.
import { Pool } from 'pg';
import { PostgresWarehouse, SchemaMismatchError, checkSchema, migrate } from '@trustrails/warehouse';
import { REQUIRED_COLUMNS } from '@trustrails/warehouse/postgres';
import { rollover, uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';
import { waitFor } from '../support/wait';

let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
});
afterAll(() => pool.end());

const lockHolder = async (custodianId: string) => {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:' || $1))`, [custodianId]);
  return client;
};

test('every connection carries the configured statement_timeout and lock_timeout', async () => {
  const w = new PostgresWarehouse({
    databaseUrl: process.env.DATABASE_URL!,
    poolSize: 1,
    statementTimeoutMs: 4_321,
    lockTimeoutMs: 321,
  });
  try {
    const { rows } = await (
      await w.pool
    ).query<{ s: string; l: string }>(
      `SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l`,
    );
    expect(rows[0]).toEqual({ s: '4321ms', l: '321ms' });
  } finally {
    await w.close();
  }
});

test('a recompute blocked on its custodian lock fails after lock_timeout, then the pool works again', async () => {
  const x = `lock-${uniqueSuffix()}`;
  const w = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1, lockTimeoutMs: 200 });
  const holder = await lockHolder(x);
  try {
    const t0 = Date.now();
    await expect(w.refreshAnalytics([x], new Date())).rejects.toMatchObject({ code: '55P03' });
    expect(Date.now() - t0).toBeLessThan(10_000);
  } finally {
    await holder.query('COMMIT');
    holder.release();
  }
  await expect(w.listCustodianIds()).resolves.toEqual(expect.any(Array));
  await w.close();
});

test('a client whose connection dies mid-transaction is discarded, not handed to the next caller', async () => {
  const x = `broken-${uniqueSuffix()}`;
  const w = new PostgresWarehouse({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1, lockTimeoutMs: 30_000 });
  const holder = await lockHolder(x);
  try {
    // Settled at once, so its rejection (which can land before the terminate query returns) is
    // never an unhandled rejection.
    const blocked = w.refreshAnalytics([x], new Date()).then(
      () => null,
      (error: unknown) => error,
    );
    const pid = await waitFor('the recompute to wait on the lock', async () => {
      const { rows } = await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid <> pg_backend_pid()`,
      );
      return rows[0]?.pid;
    });
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(await blocked).toBeInstanceOf(Error);
  } finally {
    await holder.query('COMMIT');
    holder.release();
  }
  // The only pooled client died; a healthy replacement serves the next call.
  const r = rollover({ source: x, destination: `${x}-d`, amountCents: 1, completedAt: new Date(), durationMs: 1 });
  await expect(w.writeCore(r)).resolves.toBeUndefined();
  await w.close();
});

test('the adapter’s required columns are exactly the migrated schema', async () => {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
  );
  const actual = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
  const required = Object.entries(REQUIRED_COLUMNS)
    .flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`))
    .sort();
  expect(required).toEqual(actual);
});

test('a database missing a table and a column is refused with both named', async () => {
  const schema = `scratch_${uniqueSuffix().replace(/[^a-z0-9]/g, '_')}`;
  await pool.query(`CREATE SCHEMA ${schema}`);
  const scratch = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, options: `-c search_path=${schema}` });
  try {
    await migrate(scratch);
    await expect(checkSchema(scratch)).resolves.toBeUndefined();
    await scratch.query('ALTER TABLE transfer DROP COLUMN duration_ms');
    await scratch.query('DROP TABLE etl_run');
    const check = checkSchema(scratch);
    await expect(check).rejects.toBeInstanceOf(SchemaMismatchError);
    await expect(check).rejects.toThrow(
      `the warehouse database (schema "${schema}") lacks what the postgres adapter needs: transfer.duration_ms, table etl_run.`,
    );
    // As production wires it: the first call fails with the same message, nothing is written.
    const w = new PostgresWarehouse({
      connect: async () => ({
        options: { connectionString: process.env.DATABASE_URL, options: `-c search_path=${schema}` },
        close: () => undefined,
      }),
      verifySchema: true,
    });
    await expect(w.listCustodianIds()).rejects.toThrow('transfer.duration_ms, table etl_run');
    await w.close();
  } finally {
    await scratch.end();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  }
});
