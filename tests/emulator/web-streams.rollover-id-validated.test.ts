// The rollover stream's rolloverId becomes a Firestore document id (etlRuns/{rolloverId}), so it
// follows the contracts' RolloverId rule: an id Firestore cannot hold is a 400 naming rolloverId,
// for custodians and admins alike, never a 500 from deep inside the Firestore client.
jest.mock('server-only', () => ({}));

import { GET as rolloverStream } from '../../web/app/api/events/rollover-stream/route';
import { warehouse } from '../../web/lib/warehouse/warehouse';
import { uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';

afterAll(() => warehouse().close());

let tokens: Record<'custodian' | 'admin', string>;

beforeAll(async () => {
  const [custodian, admin] = await Promise.all([
    idTokenFor({ custodianId: uniqueId('cust') }, 'rid-custodian'),
    idTokenFor({ admin: true }, 'rid-admin'),
  ]);
  tokens = { custodian, admin };
});

/** Opens the stream and, whatever it answered, lets go of it: a 200 is an open SSE connection. */
async function open(rolloverId: string, token: string): Promise<{ status: number; error?: string }> {
  const abort = new AbortController();
  const url = `http://localhost/api/events/rollover-stream?rolloverId=${encodeURIComponent(rolloverId)}`;
  const response = await rolloverStream(
    new Request(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }),
  ).catch((error: unknown) => ({ status: 500, error: String(error) }));
  if (!(response instanceof Response)) return response;
  if (response.headers.get('content-type')?.startsWith('application/json'))
    return { status: response.status, error: ((await response.json()) as { error: string }).error };
  abort.abort();
  await response.body?.cancel().catch(() => undefined);
  return { status: response.status };
}

const UNSAFE: [string, string, RegExp][] = [
  ['a slash', 'a/b', /"\/"/],
  ['a reserved __…__ id', '__x__', /reserved/],
  ['"."', '.', /"\."/],
  ['".."', '..', /"\.\."/],
  ['1,501 bytes', 'x'.repeat(1_501), /bytes/],
  // The contracts keep a margin so derived ids (events/etl-completed-{rolloverId}) fit as well.
  ['1,437 bytes of multi-byte UTF-8', 'é'.repeat(718) + 'x', /bytes/],
];

describe.each(['custodian', 'admin'] as const)('for a %s', (who) => {
  test.each(UNSAFE)('a rolloverId with %s is 400 naming rolloverId', async (_what, rolloverId, reason) => {
    const answer = await open(rolloverId, tokens[who]);
    expect(answer).toEqual({ status: 400, error: expect.stringMatching(/^rolloverId: /) });
    expect(answer.error).toMatch(reason);
  });
});

test('an id at the limit is still a rolloverId', async () => {
  const answer = await open('r'.repeat(1_500 - 64), tokens.admin);
  expect(answer).toEqual({ status: 200 });
});
