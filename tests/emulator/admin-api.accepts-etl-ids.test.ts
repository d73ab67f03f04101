// The admin API takes every rollover id the ETL takes: a run whose id has a space, `#`, non-ASCII
// characters or more than 128 characters completes through the real functions and can then be
// viewed, acted on (answered by its state, never a 400), paged past in GET /runs and counted in a
// POST /runs/status batch. Ids travel percent-encoded in paths and queries, decoded at the edge.
import { adminApi } from '../support/admin-api';
import { waitForCompletion } from '../support/etl';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { rollover, writeLifecycle } from '../support/rollover';

const idsLike = (tag: string) => [`${tag} with space #1 rückgabe 日本`, `${tag}-${'r'.repeat(200)}`];

test('runs with ids outside [A-Za-z0-9._:-]{1,128} can be viewed, acted on, paged and counted', async () => {
  const token = await idTokenFor({ admin: true }, 'ids-admin');
  const ids = idsLike(uniqueId('adm-ids'));
  for (const rolloverId of ids) {
    await writeLifecycle(rollover({ rolloverId, amountCents: 1_234 }));
  }
  // Generous: the first worker of a fresh emulator can take half a minute to start on a busy machine.
  for (const rolloverId of ids) await waitForCompletion(rolloverId, 120_000);

  for (const rolloverId of ids) {
    const path = `/runs/${encodeURIComponent(rolloverId)}`;
    const run = await adminApi('GET', path, { token });
    expect({ rolloverId, status: run.status }).toEqual({ rolloverId, status: 200 });
    expect(run.body.rolloverId ?? run.body.id).toBe(rolloverId);
    // A FINISHED run cannot be retried or resumed: 409, which means the id itself was accepted.
    expect((await adminApi('POST', '/retry', { token, body: { rolloverId } })).status).toBe(409);
    expect((await adminApi('POST', `${path}/resume`, { token, body: {} })).status).toBe(409);
    const page = await adminApi('GET', `/runs?pageSize=1&pageToken=${encodeURIComponent(rolloverId)}`, { token });
    expect(page.status).toBe(200);
  }
  const counts = await adminApi('POST', '/runs/status', { token, body: { rolloverIds: [...ids, 'plain-unknown'] } });
  expect(counts.status).toBe(200);
  expect(counts.body.FINISHED).toBe(ids.length);
}, 300_000);
