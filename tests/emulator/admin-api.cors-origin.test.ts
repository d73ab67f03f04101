// etlAdmin answers browsers only from the configured web origin (locally http://localhost:3000
// shifted by STACK_PORT_OFFSET): a foreign origin gets no Access-Control-Allow-Origin and its
// preflight is refused.
import { adminApiUrl } from '../support/admin-api';
import { idTokenFor } from '../support/identity';

const webOrigin = `http://localhost:${3000 + Number(process.env.STACK_PORT_OFFSET ?? 0)}`;
const foreignOrigin = 'https://evil.example';

const preflight = (origin: string) =>
  fetch(`${adminApiUrl()}/health`, {
    method: 'OPTIONS',
    signal: AbortSignal.timeout(30_000),
    headers: {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization,content-type',
    },
  });

const get = (origin: string, token: string) =>
  fetch(`${adminApiUrl()}/health`, {
    signal: AbortSignal.timeout(30_000),
    headers: { origin, authorization: `Bearer ${token}` },
  });

test('a preflight from a foreign origin is refused, with no Access-Control-Allow-Origin', async () => {
  const response = await preflight(foreignOrigin);
  expect(response.headers.get('access-control-allow-origin')).toBeNull();
  expect(response.status).toBe(403);
});

test('a request from a foreign origin gets no Access-Control-Allow-Origin and no data', async () => {
  const token = await idTokenFor({ admin: true }, 'cors-admin');
  const response = await get(foreignOrigin, token);
  expect(response.headers.get('access-control-allow-origin')).toBeNull();
  expect(response.status).toBe(403);
});

test('the configured web origin passes the preflight and reads with an admin token', async () => {
  const pre = await preflight(webOrigin);
  expect(pre.status).toBeLessThan(300);
  expect(pre.headers.get('access-control-allow-origin')).toBe(webOrigin);
  expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  const token = await idTokenFor({ admin: true }, 'cors-admin');
  const response = await get(webOrigin, token);
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe(webOrigin);
});

test('a server-side caller (no Origin header) is unaffected', async () => {
  const token = await idTokenFor({ admin: true }, 'cors-admin');
  const response = await fetch(`${adminApiUrl()}/health`, {
    signal: AbortSignal.timeout(30_000),
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
});
