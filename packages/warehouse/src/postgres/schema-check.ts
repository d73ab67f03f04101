// Production start-up check: Data Connect creates and migrates the schema (`firebase deploy --only
// dataconnect`), so the adapter runs no migration there. It reads information_schema once and
// stops with every missing table and column named, instead of failing later on the first write.
import type { Pool } from 'pg';
import { REQUIRED_COLUMNS } from './required-schema';

export class SchemaMismatchError extends Error {
  constructor(
    readonly schema: string,
    readonly missing: string[],
  ) {
    super(
      `the warehouse database (schema "${schema}") lacks what the postgres adapter needs: ${missing.join(', ')}. ` +
        'Deploy the Data Connect schema first: npx firebase deploy --only dataconnect',
    );
    this.name = 'SchemaMismatchError';
  }
}

/** Resolves when every required column exists in the connection's current schema; else throws. */
export async function checkSchema(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ schema: string; table_name: string | null; column_name: string | null }>(
    `SELECT current_schema() AS schema, c.table_name, c.column_name
     FROM (SELECT 1) one
     LEFT JOIN information_schema.columns c ON c.table_schema = current_schema()`,
  );
  const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const tables = new Set(rows.map((r) => r.table_name));
  const missing = Object.entries(REQUIRED_COLUMNS).flatMap(([table, columns]) =>
    tables.has(table)
      ? columns.filter((c) => !present.has(`${table}.${c}`)).map((c) => `${table}.${c}`)
      : [`table ${table}`],
  );
  if (missing.length > 0) throw new SchemaMismatchError(rows[0]?.schema ?? 'unknown', missing);
}
