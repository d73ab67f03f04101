// Input at the edge: request bodies are capped before they are parsed (413), counted on the stream
// because Content-Length may be missing or wrong; a session cookie whose percent-escapes do not
// decode is a malformed request (400), not a server error, except at sign-out, where there is
// nothing to revoke and the cookie is cleared anyway.
jest.mock('server-only', () => ({}));

import { currentMonth } from '@trustrails/contracts';
import { GET as monthlySummary } from '../../web/app/api/analytics/monthly-summary/route';
import { GET as etlRuns } from '../../web/app/api/etl/runs/route';
import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { GET as rolloverStream } from '../../web/app/api/events/rollover-stream/route';
import { POST as createSession } from '../../web/app/api/session/route';
import { POST as logout } from '../../web/app/logout/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { uniqueId } from '../support/firebase';
import { signedInUser } from '../support/identity';
import { SAME_ORIGIN } from '../support/web-session';

afterAll(() => warehouse().close());

const JSON_HEADERS = { origin: SAME_ORIGIN, 'content-type': 'application/json' };
const BIG = 64 * 1024;

/** A body sent in chunks with no Content-Length, as a chunked upload arrives. */
function chunked(text: string, chunkSize = 4096): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

test('POST /api/session with a body over the cap is 413, with or without Content-Length', async () => {
  const user = await signedInUser({ custodianId: uniqueId('big') }, 'big');
  const body = JSON.stringify({ idToken: user.idToken, pad: 'x'.repeat(BIG) });
  const streamed = await createSession(
    new Request(`${SAME_ORIGIN}/api/session`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: chunked(body),
      duplex: 'half',
    } as RequestInit),
  );
  expect(streamed.status).toBe(413);
  expect(streamed.headers.get('set-cookie')).toBeNull();

  const declared = await createSession(
    new Request(`${SAME_ORIGIN}/api/session`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(body)) },
      body,
    }),
  );
  expect(declared.status).toBe(413);
});

test('a session cookie with a malformed percent-escape is 400 on the APIs', async () => {
  const headers = { cookie: 'theme=dark; __session=%E0%A4%A' };
  const summary = await monthlySummary(
    new Request(`${SAME_ORIGIN}/api/analytics/monthly-summary?month=${currentMonth()}`, { headers }),
  );
  expect(summary.status).toBe(400);
  expect(((await summary.json()) as { error: string }).error).toMatch(/__session/);
  expect((await etlRuns(new Request(`${SAME_ORIGIN}/api/etl/runs`, { headers }))).status).toBe(400);
});

test('a session cookie with a malformed percent-escape is 400 on the streams too', async () => {
  const headers = { cookie: '__session=%zz' };
  const global = await globalStream(new Request(`${SAME_ORIGIN}/api/events/global-stream`, { headers }));
  expect(global.status).toBe(400);
  expect(((await global.json()) as { error: string }).error).toMatch(/__session/);
  const one = await rolloverStream(
    new Request(`${SAME_ORIGIN}/api/events/rollover-stream?rolloverId=${uniqueId('r')}`, { headers }),
  );
  expect(one.status).toBe(400);
});

test('another cookie with a malformed escape is none of our business', async () => {
  const response = await monthlySummary(
    new Request(`${SAME_ORIGIN}/api/analytics/monthly-summary?month=${currentMonth()}`, {
      headers: { cookie: 'tracker=%E0%A4%A' },
    }),
  );
  expect(response.status).toBe(401);
});

test('signing out with a malformed session cookie still clears it', async () => {
  const response = await logout(
    new Request(`${SAME_ORIGIN}/logout`, { method: 'POST', headers: { origin: SAME_ORIGIN, cookie: '__session=%zz' } }),
  );
  expect(response.status).toBe(303);
  expect(response.headers.get('set-cookie')).toMatch(/^__session=;/);
});
