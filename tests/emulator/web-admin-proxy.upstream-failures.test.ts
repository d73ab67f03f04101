// When the admin proxy cannot reach etlAdmin, or cannot obtain the ID token it presents there, the
// browser gets 502 with a JSON error that names neither host nor port, not an unhandled 500.
// ETL_ADMIN_URL points at a stand-in that drops every connection unanswered, as a crashed or
// unreachable upstream does, and counts the requests that got that far. The token exchange fails
// for real, for an admin disabled after this server verified their session: the identity cache
// still trusts the session for a few seconds, the Auth emulator refuses to sign them in.
jest.mock('server-only', () => ({}));

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveIdentity } from '../../web/lib/auth/identity';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { callAdminProxy } from '../support/admin-proxy';
import { auth } from '../support/firebase';
import { signedInUser } from '../support/identity';
import { SAME_ORIGIN, sessionCookieFor } from '../support/web-session';

let standIn: Server;
let port: number;
const reached: string[] = [];

beforeAll(async () => {
  standIn = createServer((request) => {
    reached.push(`${request.method} ${request.url}`);
    request.socket.destroy();
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  port = (standIn.address() as AddressInfo).port;
  // Read once, at the web settings' first use below.
  process.env.ETL_ADMIN_URL = `http://127.0.0.1:${port}/etlAdmin`;
});

afterAll(async () => {
  await new Promise((resolve) => standIn.close(resolve));
  await warehouse().close();
});

beforeEach(() => reached.splice(0));

const get = (path: string, cookie: string) =>
  callAdminProxy(`${SAME_ORIGIN}/api/admin/etl${path}`, { headers: { cookie } });
const post = (path: string, cookie: string, body: unknown) =>
  callAdminProxy(`${SAME_ORIGIN}/api/admin/etl${path}`, {
    method: 'POST',
    headers: { cookie, origin: SAME_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The answer, or the handler's rejection as the 500 Next would make of it. */
async function answer(call: Promise<Response>): Promise<{ status: number; contentType: string | null; body: string }> {
  try {
    const response = await call;
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  } catch (error) {
    return { status: 500, contentType: null, body: String(error) };
  }
}

function expectOpaque502(result: Awaited<ReturnType<typeof answer>>): void {
  expect(result).toMatchObject({ status: 502, contentType: expect.stringMatching(/^application\/json/) });
  expect(JSON.parse(result.body)).toEqual({ error: expect.any(String) });
  expect(result.body).not.toMatch(new RegExp(`127\\.0\\.0\\.1|localhost|${port}|ECONNREFUSED|etlAdmin`, 'i'));
}

test('etlAdmin unreachable: GET and POST are 502 without the host', async () => {
  const cookie = await sessionCookieFor((await signedInUser({ admin: true }, 'proxy-down')).idToken);
  expectOpaque502(await answer(get('/health', cookie)));
  expectOpaque502(await answer(post('/runs/status', cookie, { rolloverIds: ['r-1'] })));
  expect(reached).toEqual(['GET /etlAdmin/health', 'POST /etlAdmin/runs/status']);
});

test('no ID token for the admin API: 502 without the reason', async () => {
  const user = await signedInUser({ admin: true }, 'proxy-notoken');
  const cookie = await sessionCookieFor(user.idToken);
  // This process verifies the session now and trusts it for AUTH_CACHE_TTL_MS.
  expect(await resolveIdentity(new Request(`${SAME_ORIGIN}/`, { headers: { cookie } }))).toMatchObject({
    uid: user.uid,
    admin: true,
  });
  await auth().updateUser(user.uid, { disabled: true });
  const result = await answer(get('/health', cookie));
  expectOpaque502(result);
  expect(result.body).not.toMatch(/USER_DISABLED|ID token/i);
  // It failed before any request left for etlAdmin.
  expect(reached).toEqual([]);
});
