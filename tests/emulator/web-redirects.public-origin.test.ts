// Redirects name the dashboard's public origin (APP_ORIGIN), never the address the server is bound
// to. Behind App Hosting's proxy Next builds request.url from its own bind address
// (http://0.0.0.0:8080), so a Location built from it sends the browser nowhere. The route is called
// in-process with the request a proxied `next start` hands it; sign-out runs against the Auth emulator.
jest.mock('server-only', () => ({}));

import { POST as logout } from '../../web/app/logout/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { uniqueId } from '../support/firebase';
import { signedInUser } from '../support/identity';
import { sessionCookieFor } from '../support/web-session';

const PUBLIC_ORIGIN = 'https://dashboard.trustrails.example';
const BIND_ADDRESS = 'http://0.0.0.0:8080';

// webConfig() reads the environment once, at the first request, so this is in place before it.
const previousOrigin = process.env.APP_ORIGIN;
process.env.APP_ORIGIN = PUBLIC_ORIGIN;
afterAll(() => {
  if (previousOrigin === undefined) delete process.env.APP_ORIGIN;
  else process.env.APP_ORIGIN = previousOrigin;
  return warehouse().close();
});

/** What the proxy forwards: the bind address in request.url, the public host in the headers. */
const proxiedLogout = (cookie?: string) =>
  logout(
    new Request(`${BIND_ADDRESS}/logout`, {
      method: 'POST',
      headers: {
        host: '0.0.0.0:8080',
        'x-forwarded-host': 'dashboard.trustrails.example',
        'x-forwarded-proto': 'https',
        origin: PUBLIC_ORIGIN,
        ...(cookie ? { cookie } : {}),
      },
    }),
  );

test('POST /logout sends the browser to /login on the public origin', async () => {
  const response = await proxiedLogout();
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe(`${PUBLIC_ORIGIN}/login`);
});

test('a signed-in user is sent there too, after the revocation', async () => {
  // The session cookie is minted through the same origin check, so it is made with the public origin.
  const user = await signedInUser({ custodianId: uniqueId('redirect') }, 'redirect');
  const cookie = await sessionCookieFor(user.idToken, PUBLIC_ORIGIN);
  const response = await proxiedLogout(cookie);
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe(`${PUBLIC_ORIGIN}/login`);
});
