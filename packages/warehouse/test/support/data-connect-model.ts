// Reads dataconnect/schema/schema.gql the way Data Connect does, for the parity tests: the SQL
// tables it generates (names, columns, types, keys, references) and a GraphQL schema of the
// generated operation fields the connector uses, to validate the connector's documents against.
// Rules (firebase-tools' Data Connect reference): table = @table(name) or snake_case of the type;
// column = snake_case of the field; a reference `f: T!` adds field `f<Key>` / column `f_<key>` per
// key field of T, with a `{table}_{column}_fkey` foreign key (ON DELETE CASCADE when required).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type ConstValueNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';

export const DATACONNECT_DIR = join(__dirname, '..', '..', '..', '..', 'dataconnect');
export const readDataconnect = (relative: string): string => readFileSync(join(DATACONNECT_DIR, relative), 'utf8');

export const SQL_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  Int64: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  UUID: 'uuid',
  Date: 'date',
  Timestamp: 'timestamp with time zone',
  Any: 'jsonb',
};

export const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const capitalize = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export interface ModelColumn {
  field: string;
  column: string;
  scalar: string;
  nullable: boolean;
}

export interface ModelReference {
  field: string;
  target: string;
  columns: string[];
  required: boolean;
}

export interface ModelTable {
  type: string;
  table: string;
  singular: string;
  plural: string;
  columns: ModelColumn[];
  primaryKey: string[];
  references: ModelReference[];
  unique: string[][];
  indexes: { name: string | null; columns: string[] }[];
}

const directive = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  node.directives?.find((d) => d.name.value === name);
const arg = (d: ConstDirectiveNode | undefined, name: string): ConstValueNode | undefined =>
  d?.arguments?.find((a) => a.name.value === name)?.value;
const str = (v: ConstValueNode | undefined): string | null => (v && v.kind === Kind.STRING ? v.value : null);
const strList = (v: ConstValueNode | undefined): string[] | null =>
  !v ? null : v.kind === Kind.LIST ? v.values.map((x) => str(x) ?? '') : v.kind === Kind.STRING ? [v.value] : null;

function unwrap(type: TypeNode): { name: string; nullable: boolean } {
  if (type.kind === Kind.NON_NULL_TYPE) return { ...unwrap(type.type), nullable: false };
  if (type.kind === Kind.LIST_TYPE) throw new Error('list fields are not used in this schema');
  return { name: type.name.value, nullable: true };
}

export function loadModel(source = readDataconnect('schema/schema.gql')): Map<string, ModelTable> {
  const types = parse(source).definitions.filter(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && !!directive(d, 'table'),
  );
  const byName = new Map(types.map((t) => [t.name.value, t]));
  const model = new Map<string, ModelTable>();

  // Columns a field stands for: itself, or one per key field of the referenced table.
  const expand = (typeName: string, field: FieldDefinitionNode, seen: string[] = []): ModelColumn[] => {
    const { name, nullable } = unwrap(field.type);
    const target = byName.get(name);
    if (!target) {
      if (!SQL_TYPES[name]) throw new Error(`${typeName}.${field.name.value}: unknown type ${name}`);
      return [
        {
          field: field.name.value,
          column: str(arg(directive(field, 'col'), 'name')) ?? snake(field.name.value),
          scalar: name,
          nullable,
        },
      ];
    }
    if (seen.includes(name)) throw new Error(`reference cycle through ${name}`);
    return keyFields(target).flatMap((keyField) =>
      expand(name, keyField, [...seen, name]).map((c) => ({
        field: `${field.name.value}${capitalize(c.field)}`,
        column: snake(`${field.name.value}${capitalize(c.field)}`),
        scalar: c.scalar,
        nullable,
      })),
    );
  };
  const keyFields = (t: ObjectTypeDefinitionNode): FieldDefinitionNode[] =>
    (strList(arg(directive(t, 'table'), 'key')) ?? ['id']).map((k) => {
      const f = t.fields?.find((x) => x.name.value === k);
      if (!f) throw new Error(`${t.name.value}: key field ${k} is not declared`);
      return f;
    });
  const columnsOf = (t: ObjectTypeDefinitionNode, fieldNames: string[]): string[] =>
    fieldNames.flatMap((n) => {
      const f = t.fields?.find((x) => x.name.value === n);
      if (!f) throw new Error(`${t.name.value}: unknown field ${n}`);
      return expand(t.name.value, f).map((c) => c.column);
    });

  for (const t of types) {
    const table = directive(t, 'table');
    const fields = t.fields ?? [];
    const singular = str(arg(table, 'singular')) ?? lowerFirst(t.name.value);
    model.set(t.name.value, {
      type: t.name.value,
      table: str(arg(table, 'name')) ?? snake(t.name.value),
      singular,
      plural: str(arg(table, 'plural')) ?? `${singular}s`,
      columns: fields.flatMap((f) => expand(t.name.value, f)),
      primaryKey: columnsOf(
        t,
        keyFields(t).map((f) => f.name.value),
      ),
      references: fields
        .filter((f) => byName.has(unwrap(f.type).name))
        .map((f) => ({
          field: f.name.value,
          target: unwrap(f.type).name,
          columns: columnsOf(t, [f.name.value]),
          required: !unwrap(f.type).nullable,
        })),
      unique: fields.filter((f) => directive(f, 'unique')).map((f) => columnsOf(t, [f.name.value])),
      indexes: (t.directives ?? [])
        .filter((d) => d.name.value === 'index')
        .map((d) => ({ name: str(arg(d, 'name')), columns: columnsOf(t, strList(arg(d, 'fields')) ?? []) })),
    });
  }
  for (const m of model.values()) for (const r of m.references) r.target = model.get(r.target)!.table;
  return model;
}

/**
 * GraphQL SDL for the parts of Data Connect's generated schema the connector uses: lookups by
 * key, filtered lists with aggregates, `_insert`/`_upsert`/`_upsertMany`/`_update`/`_updateMany`/`_deleteMany`
 * with `_expr` server values, `@check` on a field, and a mutation's `query` step. An
 * approximation of the real generated schema (which has more), not a copy of it.
 */
export function generatedSchemaSdl(model: Map<string, ModelTable>): string {
  const numeric = new Set(['Int', 'Int64', 'Float']);
  const scalars = ['Int64', 'UUID', 'Date', 'Timestamp', 'Any'].map((s) => `scalar ${s}`);
  const filters = Object.keys(SQL_TYPES).map(
    (s) =>
      `input ${s}_Filter { eq: ${s} ne: ${s} in: [${s}!] nin: [${s}!] gt: ${s} ge: ${s} lt: ${s} le: ${s} isNull: Boolean }`,
  );
  const parts: string[] = [
    ...scalars,
    ...filters,
    'enum AccessLevel { PUBLIC USER_ANON USER USER_EMAIL_VERIFIED NO_ACCESS }',
    'directive @auth(level: AccessLevel, expr: String, insecureReason: String) on QUERY | MUTATION',
    'directive @transaction on MUTATION',
    // A mutation's `query` step, its @check on a field and @redact to keep it out of the response.
    'directive @check(expr: String!, message: String) on QUERY | MUTATION | FIELD',
    'directive @redact on FIELD',
  ];
  const query: string[] = [];
  const mutation: string[] = [];
  for (const m of model.values()) {
    const T = m.type;
    const direct = m.columns.map((c) => `${c.field}: ${c.scalar}${c.nullable ? '' : '!'}`);
    const refs = m.references.map((r) => `${r.field}: ${[...model.values()].find((x) => x.table === r.target)!.type}`);
    const aggregates = [
      '_count: Int!',
      ...m.columns
        .filter((c) => numeric.has(c.scalar))
        .flatMap((c) => [`${c.field}_sum: ${c.scalar}`, `${c.field}_avg: Float`]),
    ];
    const keyColumns = m.columns.filter((c) => m.primaryKey.includes(c.column));
    parts.push(`type ${T} { ${[...direct, ...refs, ...aggregates].join(' ')} }`);
    parts.push(`input ${T}_Key { ${keyColumns.map((c) => `${c.field}: ${c.scalar}`).join(' ')} }`);
    // Mutations return the written key as a scalar (JSON object), so they take no selection set.
    parts.push(`scalar ${T}_KeyOutput`);
    parts.push(
      `input ${T}_Data { ${m.columns.flatMap((c) => [`${c.field}: ${c.scalar}`, `${c.field}_expr: String`]).join(' ')} }`,
    );
    parts.push(
      `input ${T}_Filter { _and: [${T}_Filter!] _or: [${T}_Filter!] _not: ${T}_Filter ${m.columns.map((c) => `${c.field}: ${c.scalar}_Filter`).join(' ')} }`,
    );
    query.push(
      `${m.singular}(key: ${T}_Key!): ${T}`,
      `${m.plural}(where: ${T}_Filter, limit: Int, offset: Int): [${T}!]!`,
    );
    mutation.push(
      `${m.singular}_insert(data: ${T}_Data!): ${T}_KeyOutput!`,
      `${m.singular}_upsert(data: ${T}_Data!): ${T}_KeyOutput!`,
      `${m.singular}_upsertMany(data: [${T}_Data!]!): [${T}_KeyOutput!]!`,
      `${m.singular}_update(key: ${T}_Key!, data: ${T}_Data!): ${T}_KeyOutput`,
      // The number of rows matched: a @check on it makes a conditional update all-or-nothing.
      `${m.singular}_updateMany(where: ${T}_Filter, all: Boolean, data: ${T}_Data!): Int!`,
      `${m.singular}_deleteMany(where: ${T}_Filter, all: Boolean): Int!`,
    );
  }
  parts.push(`type Query { ${query.join(' ')} }`, `type Mutation { query: Query ${mutation.join(' ')} }`);
  return parts.join('\n');
}
