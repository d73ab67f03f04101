// etlAdmin checks revocation: a token whose session was revoked, whose user was disabled or whose
// admin claim was taken away stops working within 60 s (the verification cache is ≤ 30 s).
import { auth } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { adminApi } from '../support/admin-api';
import { waitFor } from '../support/wait';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user_id: string; auth_time: number };

async function lostWithin60s(change: string, act: (uid: string) => Promise<unknown>): Promise<number> {
  const token = await idTokenFor({ admin: true }, `revoke-${change}`);
  const { user_id: uid, auth_time: authTime } = claimsOf(token);
  // Warm the function's verification cache: the loss must happen despite it.
  expect((await adminApi('GET', '/health', { token })).status).toBe(200);
  // Revocation compares whole seconds with auth_time; revoking in the sign-in second would not count.
  await waitFor('the second after sign-in', async () => Math.floor(Date.now() / 1000) > authTime, {
    timeoutMs: 5_000,
  });
  await act(uid);
  const t0 = Date.now();
  await waitFor(
    `access to end after ${change}`,
    async () => {
      const { status } = await adminApi('GET', '/health', { token });
      return status === 401 || status === 403;
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
  return Date.now() - t0;
}

test('revoked, disabled and de-claimed admins lose access within 60 s', async () => {
  const [revoked, disabled, declaimed] = await Promise.all([
    lostWithin60s('revoked', (uid) => auth().revokeRefreshTokens(uid)),
    lostWithin60s('disabled', (uid) => auth().updateUser(uid, { disabled: true })),
    lostWithin60s('declaimed', (uid) => auth().setCustomUserClaims(uid, {})),
  ]);
  console.log(
    `checked: access lost after ${revoked} ms (revoked), ${disabled} ms (disabled), ${declaimed} ms (claim removed)`,
  );
}, 120_000);
