// Fault: abuse of the admin API. Each request gets the right 4xx and nothing changes.
import { db, uniqueId } from '../support/firebase';
import { expiredIdToken, idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';

let admin: string;
let custodian: string;

beforeAll(async () => {
  [admin, custodian] = await Promise.all([
    idTokenFor({ admin: true }, 'abuse-admin'),
    idTokenFor({ custodianId: 'custodian-alpha' }, 'abuse-custodian'),
  ]);
});

async function snapshotOfState() {
  const [control, runs] = await Promise.all([
    db().doc('etlControl/state').get(),
    db().collection('etlRuns').where('status', '==', 'ERROR').get(),
  ]);
  return { paused: control.get('paused') ?? null, errorRuns: runs.docs.map((d) => `${d.id}:${d.get('claim')}`).sort() };
}

test.each([
  ['no token', undefined, 'POST', '/pause', {}, 401],
  ['a malformed token', 'not-a-jwt', 'POST', '/pause', {}, 401],
  ['an expired admin token', 'EXPIRED', 'POST', '/pause', {}, 401],
  ['a custodian token', 'CUSTODIAN', 'POST', '/pause', {}, 403],
  ['a custodian token on retry-all', 'CUSTODIAN', 'POST', '/retry', { allFailed: true }, 403],
])('%s → %i, nothing changes', async (_name, token, method, path, body, status) => {
  const before = await snapshotOfState();
  const resolved = token === 'EXPIRED' ? expiredIdToken() : token === 'CUSTODIAN' ? custodian : token;
  console.log(`inject: ${method} ${path} with ${_name}`);
  const response = await adminApi(method as 'POST', path, { token: resolved, body });
  expect(response.status).toBe(status);
  expect(response.body.error).toEqual(expect.any(String));
  expect(await snapshotOfState()).toEqual(before);
});

test.each([
  ['a huge page size', 'GET', '/runs?pageSize=100000', undefined, /pageSize/],
  ['an unknown status', 'GET', '/runs?status=DONE', undefined, /status/],
  ['an unknown query parameter', 'GET', '/runs?limit=5', undefined, /limit|unrecognized/i],
  // The admin API takes every id the ETL takes (a quote, a space, `--` are fine in a document id),
  // and ids only ever reach Firestore as values: such an id names no run, and nothing changes.
  [
    'an injection-looking run id',
    'GET',
    `/runs/${encodeURIComponent("x' OR 1=1 --")}`,
    undefined,
    /no run x' OR 1=1 --/,
  ],
  [
    'a path-traversal run id',
    'GET',
    `/runs/${encodeURIComponent('../etlControl/state')}`,
    undefined,
    /run id|no route/,
  ],
  ['retry with both selectors', 'POST', '/retry', { rolloverId: 'r1', allFailed: true }, /exactly one/],
  [
    'retry with an injection-looking id',
    'POST',
    '/retry',
    { rolloverId: '"; DROP TABLE transfer; --' },
    /no run "; DROP TABLE transfer; --/,
  ],
  ['backfill with from after to', 'POST', '/backfill', { from: '2026-03-01', to: '2026-01-01' }, /from/],
  ['backfill with a bad date', 'POST', '/backfill', { from: 'yesterday', to: '2026-01-01' }, /from/],
  ['backfill over two years', 'POST', '/backfill', { from: '2024-01-01', to: '2026-01-01' }, /366 days/],
  ['pause with a body', 'POST', '/pause', { force: true }, /force|unrecognized/i],
])(
  '%s → 400 naming the problem (404 for an id that names no run), nothing changes',
  async (_name, method, path, body, message) => {
    const before = await snapshotOfState();
    console.log(`inject: ${method} ${path} ${body ? JSON.stringify(body) : ''}`);
    const response = await adminApi(method as 'GET' | 'POST', path, { token: admin, body });
    expect([400, 404]).toContain(response.status);
    expect(response.body.error).toMatch(message);
    expect(await snapshotOfState()).toEqual(before);
  },
);

test('a body that is not JSON → 400', async () => {
  const response = await adminApi('POST', '/retry', { token: admin, rawBody: '{"rolloverId": ' });
  expect(response.status).toBe(400);
});

test('retrying a run that does not exist → 404, an unknown route → 404', async () => {
  expect((await adminApi('POST', '/retry', { token: admin, body: { rolloverId: uniqueId('ghost') } })).status).toBe(
    404,
  );
  expect((await adminApi('DELETE' as 'POST', '/runs', { token: admin })).status).toBe(404);
});
