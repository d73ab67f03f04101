// The composite indexes the bounded operations query through. The Firestore emulator answers any
// query without an index, so only this list (and a deploy) would notice one missing; production
// would refuse the query with FAILED_PRECONDITION, and the sweeper, resume, the bulk dispatcher or
// a backfill job would stop. Single-field orderings (a job's members by `seq`, jobs by
// `createdAt`) use Firestore's automatic single-field indexes and need no entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface IndexEntry {
  collectionGroup: string;
  queryScope: string;
  fields: { fieldPath: string; order?: string }[];
}

const REQUIRED: { who: string; collectionGroup: string; fields: string[]; descending?: string[] }[] = [
  {
    who: 'sweeper and POST /resume: dispatched PENDING runs',
    collectionGroup: 'etlRuns',
    fields: ['status', 'dispatched', 'updatedAt'],
  },
  { who: 'sweeper: RUNNING runs past their lease', collectionGroup: 'etlRuns', fields: ['status', 'leaseExpiresAt'] },
  { who: 'sweeper: ERROR runs due to re-open', collectionGroup: 'etlRuns', fields: ['status', 'reopenDueAt'] },
  {
    who: 'bulk dispatcher: oldest waiting run',
    collectionGroup: 'etlRuns',
    fields: ['lane', 'dispatched', 'status', 'queuedAt'],
  },
  { who: 'backfill chunks and missed triggers', collectionGroup: 'events', fields: ['eventType', 'timestamp'] },
  { who: 'sweeper: backfill jobs still queueing', collectionGroup: 'etlBackfills', fields: ['status', 'createdAt'] },
  {
    who: "GET /runs/:id/audit: a run's trail, newest first",
    collectionGroup: 'etlAudit',
    fields: ['rolloverId', 'at'],
    descending: ['at'],
  },
];

const indexes = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'firestore.indexes.json'), 'utf8')) as { indexes: IndexEntry[] }
).indexes;

test.each(REQUIRED)('firestore.indexes.json has the index for $who', ({ collectionGroup, fields, descending = [] }) => {
  const found = indexes.find(
    (index) =>
      index.collectionGroup === collectionGroup &&
      index.queryScope === 'COLLECTION' &&
      index.fields.map((f) => f.fieldPath).join(',') === fields.join(',') &&
      index.fields.every((f) => f.order === (descending.includes(f.fieldPath) ? 'DESCENDING' : 'ASCENDING')),
  );
  expect(found).toBeDefined();
});
