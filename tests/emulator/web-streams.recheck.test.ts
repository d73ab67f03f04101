// An open SSE stream keeps checking who is on the other end: when its caller's credentials no
// longer verify (revoked, disabled) or its identity changed, it closes within the re-check
// interval; a check that fails closes it too.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import type { Identity } from '../../web/lib/auth/identity';
import { sseResponse } from '../../web/lib/stream/sse-response';
import { connectSse, openReaders, SseReader } from '../../web/test/support/sse-client';
import { auth, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { waitFor } from '../support/wait';

// Web settings are read once per process (a Jest file is one): re-check every 100 ms.
process.env.SSE_RECHECK_MS = '100';

const URL_ = 'http://localhost/api/events/global-stream';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

describe('the periodic identity re-check', () => {
  const alpha: Identity = { uid: 'u-recheck', admin: false, custodianId: 'cust-recheck' };
  const open = (reverify: () => Promise<Identity | null>) => {
    const abort = new AbortController();
    const response = sseResponse(new Request(URL_, { signal: abort.signal }), { identity: alpha, reverify });
    const reader = new SseReader(response, abort);
    openReaders.push(reader);
    return reader;
  };

  test.each<[string, Identity | null]>([
    ['the identity is gone', null],
    ['the custodian changed', { ...alpha, custodianId: 'cust-other' }],
    ['admin was granted', { ...alpha, admin: true }],
    ['the uid changed', { ...alpha, uid: 'u-other' }],
  ])('closes the stream when %s', async (_, next) => {
    let current: Identity | null = alpha;
    let checks = 0;
    const reader = open(async () => {
      checks += 1;
      return current;
    });
    await reader.waitFor('two unchanged re-checks', () => checks >= 2, 5_000);
    expect(reader.ended).toBe(false);
    current = next;
    await reader.waitFor('the stream to close', (r) => r.ended, 5_000);
  });

  test('a failing check closes the stream (fail closed)', async () => {
    const reader = open(() => Promise.reject(new Error('auth backend unreachable')));
    await reader.waitFor('the stream to close', (r) => r.ended, 5_000);
  });
});

describe('through the route, with real Auth emulator users', () => {
  const signedInUser = async () => {
    const token = await idTokenFor({ custodianId: uniqueId('cust-rv') }, 'recheck');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      user_id: string;
      auth_time: number;
    };
    // Revocation compares whole seconds: act only once the sign-in's second has passed.
    await waitFor('the sign-in second to pass', async () => Math.floor(Date.now() / 1000) > payload.auth_time);
    return { token, uid: payload.user_id };
  };

  test.each([
    ['revoked', (uid: string) => auth().revokeRefreshTokens(uid)],
    ['disabled', (uid: string) => auth().updateUser(uid, { disabled: true })],
    ['re-claimed', (uid: string) => auth().setCustomUserClaims(uid, { custodianId: uniqueId('cust-new') })],
  ])('a %s user loses an open stream within the re-check', async (_, change) => {
    const { token, uid } = await signedInUser();
    const reader = await connectSse(globalStream, URL_, token);
    await change(uid);
    const changedAt = Date.now();
    // The identity layer trusts a verification for up to AUTH_CACHE_TTL_MS (30 s); the stream adds
    // at most one re-check: within 60 s in all, as promised.
    await reader.waitFor('the stream to close', (r) => r.ended, 40_000);
    console.log(`stream closed ${Date.now() - changedAt} ms after the change`);
  });
});
