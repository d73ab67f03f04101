// (d) Every composite Firestore query in the code has its index in firestore.indexes.json. The
// emulator serves any query without an index, so only production would fail, with
// FAILED_PRECONDITION. This reads the code with the TypeScript compiler: each chain of
// .where()/.orderBy() on a query, with a builder variable's conditional `query = query.where(…)`
// taken all together (the widest query it can build) and Filter.or() split into its disjuncts.
// A query needs a composite index when it orders (or filters by range) and involves two or more
// fields; equality-only queries are served by merging single-field indexes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const { FirestoreApi } = require('firebase-tools/lib/firestore/api');
import { ROOT } from '../clean-tree';
import { queriesIn, type Query } from '../firestore-queries';

interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
}
interface Index {
  collectionGroup: string;
  queryScope: string;
  fields: IndexField[];
}

const SOURCES = ['tsconfig.json', 'web/tsconfig.json'];

/** Whether Firestore needs a composite index for the query, and which fields in which order. */
export function requiredIndex(q: Query): { equality: string[]; ordered: IndexField[] } | null {
  const ordered: IndexField[] = q.orderBy.filter((o) => o.fieldPath !== '__name__');
  // An inequality without orderBy orders by its field implicitly.
  for (const field of q.range)
    if (!ordered.some((o) => o.fieldPath === field)) ordered.push({ fieldPath: field, order: 'ASCENDING' });
  const equality = [...new Set(q.equality)].filter((f) => !ordered.some((o) => o.fieldPath === f));
  if (ordered.length === 0 || equality.length + ordered.length < 2) return null;
  return { equality, ordered };
}

export function indexServes(index: Index, q: Query, need: { equality: string[]; ordered: IndexField[] }): boolean {
  if (q.collection && index.collectionGroup !== q.collection) return false;
  const fields = index.fields.filter((f) => f.fieldPath !== '__name__');
  if (fields.length !== need.equality.length + need.ordered.length) return false;
  const head = fields.slice(0, need.equality.length).map((f) => f.fieldPath);
  if ([...head].sort().join() !== [...need.equality].sort().join()) return false;
  return need.ordered.every((o, i) => {
    const f = fields[need.equality.length + i]!;
    return f.fieldPath === o.fieldPath && (f.order ?? 'ASCENDING') === (o.order ?? 'ASCENDING');
  });
}

function programOf(tsconfig: string): ts.Program {
  const path = join(ROOT, tsconfig);
  const config = ts.readConfigFile(path, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(path, '..'));
  return ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
}

export function describe(q: Query): string {
  const parts = [
    ...q.equality.map((f) => `${f} ==`),
    ...q.range.map((f) => `${f} <>`),
    ...q.orderBy.map((o) => `orderBy ${o.fieldPath} ${o.order === 'DESCENDING' ? 'desc' : 'asc'}`),
  ];
  return `${q.collection ?? '(collection not resolved)'} [${parts.join(', ')}] at ${q.where}`;
}

export async function firestoreIndexes(log: (line: string) => void): Promise<void> {
  const spec = JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8')) as {
    indexes: Index[];
    fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[];
  };
  // firebase-tools' own check of the file, as `firebase deploy --only firestore:indexes` runs it
  // first: a malformed index or field override (a TTL policy, docs/retention.md) throws here.
  new FirestoreApi().validateSpec(spec);
  const ttl = spec.fieldOverrides.filter((o) => o.ttl === true);
  log(`TTL policies: ${ttl.map((o) => `${o.collectionGroup}.${o.fieldPath}`).join(', ') || 'none'}`);
  const { indexes } = spec;
  const queries: Query[] = [];
  for (const tsconfig of SOURCES) {
    const program = programOf(tsconfig);
    for (const file of program.getSourceFiles()) {
      // What is deployed: not tests, not the benchmarks' baselines.
      const path = file.fileName.slice(ROOT.length + 1);
      if (file.isDeclarationFile || /(^|\/)(node_modules|test|tests|bench)\//.test(path)) continue;
      queries.push(...queriesIn(file, program.getTypeChecker(), ROOT));
    }
  }
  const unique = new Map(queries.map((q) => [describe(q), q]));
  const composite = [...unique.values()].filter((q) => requiredIndex(q));
  log(`${unique.size} Firestore queries in the code, ${composite.length} need a composite index`);
  const missing = composite.filter((q) => !indexes.some((index) => indexServes(index, q, requiredIndex(q)!)));
  for (const q of composite) log(`  ${missing.includes(q) ? '✗' : '✓'} ${describe(q)}`);
  if (missing.length > 0)
    throw new Error(`no index in firestore.indexes.json for:\n  ${missing.map(describe).join('\n  ')}`);
}
