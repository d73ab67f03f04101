// A postgres adapter whose start (connect, then the production schema check) fails is not broken
// for life: the next call starts again. A transient fault at cold start (the database unreachable)
// heals on the next call, and a schema that is deployed later is picked up; until then every call
// fails with the same clear SchemaMismatchError. Against the stack's PostgreSQL, wired as
// production wires it (`connect` resolving pg options, `verifySchema`).
import { createServer } from 'node:net';
import { Pool } from 'pg';
import { PostgresWarehouse, SchemaMismatchError, migrate } from '@trustrails/warehouse';
import { uniqueSuffix } from '../../packages/warehouse/test/support/rollover-fixture';

let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(() => pool.end());

/** A local port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a start that failed to reach the database is retried by the next call, which succeeds', async () => {
  const url = new URL(process.env.DATABASE_URL!);
  const unreachable = new URL(url);
  unreachable.port = String(await closedPort());
  const starts: string[] = [];
  const w = new PostgresWarehouse({
    // As the Cloud SQL connector would: options resolved at start, unreachable the first time.
    connect: async () => {
      starts.push(starts.length === 0 ? 'unreachable' : 'reachable');
      return {
        options: { connectionString: (starts.length === 1 ? unreachable : url).toString() },
        close: () => undefined,
      };
    },
    verifySchema: true,
  });
  try {
    await expect(w.listCustodianIds()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(w.listCustodianIds()).resolves.toEqual(expect.any(Array));
    expect(starts).toEqual(['unreachable', 'reachable']);
    // Started once it succeeded: later calls reuse that pool.
    await w.listCustodianIds();
    expect(starts).toHaveLength(2);
  } finally {
    await w.close();
  }
});

test('a schema missing at start fails every call with the same clear error, and is used once it is deployed', async () => {
  const schema = `scratch_${uniqueSuffix().replace(/[^a-z0-9]/g, '_')}`;
  await pool.query(`CREATE SCHEMA ${schema}`);
  const options = `-c search_path=${schema}`;
  const w = new PostgresWarehouse({
    connect: async () => ({ options: { connectionString: process.env.DATABASE_URL, options }, close: () => undefined }),
    verifySchema: true,
  });
  const scratch = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, options });
  try {
    for (let call = 0; call < 2; call += 1) {
      const attempt = w.listCustodianIds();
      await expect(attempt).rejects.toBeInstanceOf(SchemaMismatchError);
      await expect(attempt).rejects.toThrow('table custodian');
    }
    // `firebase deploy --only dataconnect` creates the tables (here, the migrations do).
    await migrate(scratch);
    await scratch.query(`INSERT INTO custodian (id) VALUES ('c-after-deploy')`);
    await expect(w.listCustodianIds()).resolves.toEqual(['c-after-deploy']);
  } finally {
    await w.close();
    await scratch.end();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  }
});
