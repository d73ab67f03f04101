// The SQL path writes every NOT NULL timestamp itself (created_at, updated_at) and depends on no
// column default: Data Connect's schema declares them with @default(expr: "request.time"), a value
// its GraphQL layer fills in for its own mutations, and nothing shows that the tables it generates
// carry an SQL DEFAULT for it (docs/deploy.md). So the ETL's writes run here against the migrated
// tables in a schema of their own, with every column default dropped. The read-back of phase 6 must
// also hold one connection only: the budget counts one per delivery (docs/scaling.md).
// Runs against the stack's PostgreSQL (DATABASE_URL); `exec.ts --postgres-only` is enough.
import { Pool } from 'pg';
import { PostgresWarehouse, migrate } from '@trustrails/warehouse';
import { rollover } from '../../packages/warehouse/test/support/rollover-fixture';

const schema = `no_defaults_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
const url = process.env.DATABASE_URL!;
const inSchema = (max: number) => new Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
let admin: Pool;

beforeAll(async () => {
  admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = inSchema(1);
  await migrate(pool);
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = $1 AND column_default IS NOT NULL AND table_name <> 'schema_migrations'`,
    [schema],
  );
  for (const { table_name, column_name } of rows)
    await pool.query(`ALTER TABLE ${table_name} ALTER COLUMN ${column_name} DROP DEFAULT`);
  expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual(
    expect.arrayContaining(['custodian.created_at', 'transfer.updated_at', 'audit_log.created_at']),
  );
  await pool.end();
});

afterAll(async () => {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
});

test('every phase writes its rows with no column default to fall back on', async () => {
  const pool = inSchema(2);
  const warehouse = new PostgresWarehouse({ pool });
  try {
    const r = rollover({
      source: 'cust-a',
      destination: 'cust-b',
      amountCents: 12_345,
      completedAt: new Date(),
      durationMs: 60_000,
      chain: true,
    });
    await warehouse.writeCore(r);
    await warehouse.writeChain(r);
    await warehouse.markCompleted(r, { attempt: 1, actor: 'system-etl' });
    await warehouse.refreshAnalytics([r.sourceCustodianId, r.destinationCustodianId], new Date());
    const readBack = await warehouse.readBack(r);
    expect(readBack.transferCompleted).toBe(true);
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM custodian WHERE created_at IS NOT NULL AND updated_at IS NOT NULL)::int AS custodians,
              (SELECT count(*) FROM participant WHERE created_at IS NOT NULL)::int AS participants,
              (SELECT count(*) FROM transfer WHERE id = $1 AND created_at <= updated_at)::int AS transfers,
              (SELECT count(*) FROM audit_log WHERE entity_id = $1 AND created_at IS NOT NULL)::int AS audit_logs`,
      [r.transferId],
    );
    expect(rows[0]).toEqual({ custodians: 2, participants: 1, transfers: 1, audit_logs: 1 });
  } finally {
    await pool.end();
  }
});

test("phase 6's read-back holds one connection, not two at once", async () => {
  const pool = inSchema(5);
  try {
    const r = rollover({
      source: 'cust-c',
      destination: 'cust-d',
      amountCents: 500,
      completedAt: new Date(),
      durationMs: 1_000,
    });
    await new PostgresWarehouse({ pool }).readBack(r);
    // A new pool opens a connection only when every open one is busy: two means two at once.
    expect(pool.totalCount).toBe(1);
  } finally {
    await pool.end();
  }
});
