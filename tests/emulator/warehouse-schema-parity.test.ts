// The SQL migrations build exactly the tables Data Connect generates from schema.gql: checked
// against the migrated PostgreSQL's own catalog, not against the migration text.
import { Pool } from 'pg';
import { SQL_TYPES, loadModel } from '../../packages/warehouse/test/support/data-connect-model';

const model = [...loadModel().values()];
let pool: Pool;

beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(() => pool.end());

async function rows<T>(sql: string): Promise<T[]> {
  return (await pool.query(sql)).rows as T[];
}

describe('schema.gql and the migrated database', () => {
  it('have the same tables', async () => {
    const tables = await rows<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(model.map((m) => m.table).sort());
    expect(model).toHaveLength(12);
  });

  it('have the same columns, types and nullability', async () => {
    const columns = await rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    const actual = columns
      .map((c) => `${c.table_name}.${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`)
      .sort();
    const expected = model
      .flatMap((m) =>
        m.columns.map((c) => `${m.table}.${c.column} ${SQL_TYPES[c.scalar]}${c.nullable ? '' : ' not null'}`),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the same primary keys', async () => {
    const keys = await rows<{ table_name: string; columns: string[] }>(
      `SELECT c.relname AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE i.indisprimary AND c.relname <> 'schema_migrations'
       GROUP BY c.relname`,
    );
    expect(Object.fromEntries(keys.map((k) => [k.table_name, k.columns]))).toEqual(
      Object.fromEntries(model.map((m) => [m.table, m.primaryKey])),
    );
  });

  it('have a foreign key per reference, named and cascading as Data Connect makes them', async () => {
    const fks = await rows<{ name: string; table_name: string; columns: string[]; target: string; on_delete: string }>(
      `SELECT con.conname AS name, c.relname AS table_name, t.relname AS target,
              array(SELECT attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
              con.confdeltype AS on_delete
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_class t ON t.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE con.contype = 'f'`,
    );
    const actual = fks
      .map((f) => `${f.name}: ${f.table_name}(${f.columns.join(',')}) -> ${f.target} on delete ${f.on_delete}`)
      .sort();
    const expected = model
      .flatMap((m) =>
        m.references.map(
          // 'c' = CASCADE for required references, 'n' = SET NULL for optional ones.
          (r) =>
            `${m.table}_${r.columns.join('_')}_fkey: ${m.table}(${r.columns.join(',')}) -> ${r.target} on delete ${r.required ? 'c' : 'n'}`,
        ),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the unique constraints and named indexes that schema.gql declares', async () => {
    const indexes = await rows<{ name: string; table_name: string; columns: string[]; is_unique: boolean }>(
      `SELECT ic.relname AS name, c.relname AS table_name, i.indisunique AS is_unique,
              array(SELECT attname::text FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE NOT i.indisprimary`,
    );
    const present = new Set(
      indexes.map((i) => `${i.table_name}(${i.columns.join(',')})${i.is_unique ? ' unique' : ''}`),
    );
    const named = new Map(indexes.map((i) => [i.name, `${i.table_name}(${i.columns.join(',')})`]));
    for (const m of model) {
      for (const u of m.unique) expect(present).toContain(`${m.table}(${u.join(',')}) unique`);
      for (const index of m.indexes) {
        expect(present).toContain(`${m.table}(${index.columns.join(',')})`);
        if (index.name) expect(named.get(index.name)).toBe(`${m.table}(${index.columns.join(',')})`);
      }
    }
  });
});
