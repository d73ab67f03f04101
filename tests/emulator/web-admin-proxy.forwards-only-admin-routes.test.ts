// The admin proxy forwards only the admin API's own routes: `.`/`..`/empty segments and malformed
// escapes are 400, anything not on the allow-list 404, a body over the cap 413, and none of them
// reaches etlAdmin. To see what reaches it, etlAdmin is replaced by a recording stand-in
// (ETL_ADMIN_URL): the real function cannot report requests it never received. Identity is real
// (Auth emulator).
jest.mock('server-only', () => ({}));

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { callAdminProxy } from '../support/admin-proxy';
import { signedInUser } from '../support/identity';
import { SAME_ORIGIN, sessionCookieFor } from '../support/web-session';

const received: { method: string; url: string; authorization: string | undefined }[] = [];
let standIn: Server;
let cookie: string;

beforeAll(async () => {
  standIn = createServer((request: IncomingMessage, response) => {
    received.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization });
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  // Read once, at the web settings' first use below.
  process.env.ETL_ADMIN_URL = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/etlAdmin`;
  cookie = await sessionCookieFor((await signedInUser({ admin: true }, 'proxy-admin')).idToken);
});

afterAll(async () => {
  await new Promise((resolve) => standIn.close(resolve));
  await warehouse().close();
});

beforeEach(() => received.splice(0));

const get = (path: string) => callAdminProxy(`${SAME_ORIGIN}/api/admin/etl${path}`, { headers: { cookie } });
const post = (path: string, body = '{}') =>
  callAdminProxy(`${SAME_ORIGIN}/api/admin/etl${path}`, {
    method: 'POST',
    headers: { cookie, origin: SAME_ORIGIN, 'content-type': 'application/json' },
    body,
  });

test('an admin route is forwarded with its query and an ID token', async () => {
  const response = await get('/runs/roll-1?pageSize=5');
  expect(response.status).toBe(200);
  expect(received).toEqual([
    { method: 'GET', url: '/etlAdmin/runs/roll-1?pageSize=5', authorization: expect.stringMatching(/^Bearer \S+/) },
  ]);
});

test.each([
  ['/runs/%2e%2e%2fhealth'],
  ['/runs/..%2Fhealth'],
  ['/runs/%2E'],
  ['/runs//health'],
  ['/runs/%E0%A4%A'],
  ['/runs/%zz'],
])('GET %s is 400 and never forwarded', async (path) => {
  const response = await get(path);
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toMatch(/^path: /);
  expect(received).toEqual([]);
});

test.each([
  ['GET', '/nope'],
  ['GET', '/pause'],
  ['POST', '/runs'],
  ['GET', '/runs/x/phases'],
])('%s %s is not an admin route: 404, never forwarded', async (method, path) => {
  const response = method === 'GET' ? await get(path) : await post(path);
  expect(response.status).toBe(404);
  expect(received).toEqual([]);
});

test('a body over the cap is 413 and never forwarded', async () => {
  const response = await post(
    '/backfill',
    JSON.stringify({ from: '2026-01-01', to: '2026-01-31', pad: 'x'.repeat(64 * 1024) }),
  );
  expect(response.status).toBe(413);
  expect(received).toEqual([]);
});
