// One writer per collection (issue 21): contracts collections.ts names every Firestore collection
// and the folder that owns it. A source statement that names a collection (COLLECTIONS.x, or its
// name as a string) and writes there, itself or through a reference it assigns, must be in the
// owner folder. Reads are free. Writes through a helper the owner exports (runRef, jobRef) are the
// owner's by construction, so they are not traced. The exceptions below write on purpose.
import { COLLECTIONS, COLLECTION_OWNERS, type CollectionKey } from '@trustrails/contracts';
import { sourceFiles, textOf } from '../support/source-files';

/** Writers outside the owner, each with why. Tests are not source files, so their fixtures need none. */
const ALLOWED: { path: RegExp; collections: CollectionKey[]; why: string }[] = [
  {
    path: /^scripts\/simulator\//,
    collections: ['events'],
    why: 'the simulator stands in for the rollover platform, which writes the source events',
  },
  {
    path: /^scripts\/admin-users\/audit\.ts$/,
    collections: ['etlAudit'],
    why: 'the admin-users CLI changes claims outside the admin API and records its own audit entries',
  },
  {
    path: /^bench\//,
    collections: Object.keys(COLLECTIONS) as CollectionKey[],
    why: 'benchmarks seed and drive the emulator to set up the state they measure',
  },
];

const WRITE = /\.(?:set|update|create|delete|add)\(|\.batch\(\)|\bbulkWriter\(\)/;

/** The collections a statement names: COLLECTIONS.key, or the name as a string literal or path start. */
function named(statement: string): CollectionKey[] {
  return (Object.entries(COLLECTIONS) as [CollectionKey, string][])
    .filter(
      ([key, name]) =>
        new RegExp(`\\bCOLLECTIONS\\.${key}\\b`).test(statement) ||
        new RegExp(`\\.(?:collection|doc)\\(\\s*['"\`]${name}[/'"\`]`).test(statement),
    )
    .map(([key]) => key);
}

/** For each collection a file writes: the statements that do. */
export function writesIn(text: string): { key: CollectionKey; statement: string }[] {
  const statements = text.split(/;\s*\n/);
  return statements.flatMap((statement) => {
    const keys = named(statement);
    if (!keys.length) return [];
    const assigned = /\b(?:const|let)\s+(\w+)\s*=/.exec(statement)?.[1];
    const viaRef =
      assigned !== undefined &&
      new RegExp(
        `\\b${assigned}\\.(?:set|update|create|delete|add)\\(|\\.(?:set|update|create|delete)\\(\\s*${assigned}\\b`,
      ).test(text);
    return WRITE.test(statement) || viaRef
      ? keys.map((key) => ({ key, statement: statement.trim().slice(0, 120) }))
      : [];
  });
}

const owns = (path: string, key: CollectionKey) => path.startsWith(`${COLLECTION_OWNERS[key]}/`);
const allowed = (path: string, key: CollectionKey) =>
  ALLOWED.some((rule) => rule.path.test(path) && rule.collections.includes(key));

/** A collection named by hand: its name as a literal path, or a name constant of its own. */
export function handNamed(text: string): string[] {
  return Object.values(COLLECTIONS).flatMap((name) => [
    ...(text.match(new RegExp(`\\.(?:collection|doc)\\(\\s*['"\`]${name}[/'"\`]`, 'g')) ?? []),
    ...(text.match(new RegExp(`\\bconst [A-Z_]+ = ['"]${name}['"]`, 'g')) ?? []),
  ]);
}

describe('every collection has one writer', () => {
  it('names an owner folder for every collection, and catches a write from elsewhere', () => {
    expect(Object.keys(COLLECTION_OWNERS).sort()).toEqual(Object.keys(COLLECTIONS).sort());
    expect(writesIn("await db.doc(`etlRuns/${id}`).update({ status: 'FINISHED' });\n")).toEqual([
      { key: 'etlRuns', statement: expect.any(String) },
    ]);
    expect(writesIn('const ref = db.collection(COLLECTIONS.etlAudit).doc();\nawait ref.set(entry);\n')).toHaveLength(1);
    expect(writesIn("const snap = await db.collection('events').doc(id).get();\n")).toEqual([]);
  });

  it('names collections only through contracts COLLECTIONS', () => {
    expect(handNamed("export const RUNS = 'etlRuns';\nawait db.collection('events').get();\n")).toHaveLength(2);
    const found = sourceFiles()
      .filter((path) => path !== 'packages/contracts/src/collections.ts')
      .flatMap((path) => handNamed(textOf(path)).map((hit) => `${path}: ${hit}`));
    expect(found).toEqual([]);
  });

  it('writes each collection only from its owner folder or an allowed writer', () => {
    const found = sourceFiles().flatMap((path) =>
      writesIn(textOf(path))
        .filter(({ key }) => !owns(path, key) && !allowed(path, key))
        .map(({ key, statement }) => `${path} writes ${key} (owner ${COLLECTION_OWNERS[key]}): ${statement}`),
    );
    expect(found).toEqual([]);
  });
});
