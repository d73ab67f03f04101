// Retention: Firestore deletes expired documents only in collection groups with a TTL policy on
// the field the code writes. The emulator ignores TTL, so only this list (and a deploy) would notice
// a policy missing, or on another field: the documents would then be kept for ever, silently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPIRE_AT, TTL_COLLECTION_GROUPS } from '@trustrails/contracts';

interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl?: boolean;
  indexes: unknown[];
}

const overrides = (
  JSON.parse(readFileSync(join(__dirname, '../../firestore.indexes.json'), 'utf8')) as {
    fieldOverrides: FieldOverride[];
  }
).fieldOverrides;

// What expires (docs/retention.md): etl.failed events, FINISHED runs, RESOLVED dead letters, DONE
// backfill jobs and their member records (etlBackfills/{id}/runs), the dashboards' freshness samples.
const EXPIRING = ['events', 'etlRuns', 'etlDeadLetters', 'etlBackfills', 'runs', 'streamFreshness'];

test.each(EXPIRING)('%s has a TTL policy on the expiry field', (collectionGroup) => {
  expect(TTL_COLLECTION_GROUPS).toContain(collectionGroup);
  const policy = overrides.find((o) => o.collectionGroup === collectionGroup && o.ttl === true);
  expect(policy).toMatchObject({ fieldPath: EXPIRE_AT, ttl: true });
  // No index on a TTL field: nothing queries it, and an index on timestamps written in order hot-spots.
  expect(policy!.indexes).toEqual([]);
});

test('no TTL policy on any other collection group (audit, alerts, events other than etl.failed stay)', () => {
  const ttl = overrides.filter((o) => o.ttl === true).map((o) => o.collectionGroup);
  expect(ttl.sort()).toEqual([...EXPIRING].sort());
});
