// `npm run bench:auth`: what verifying an identity costs, against the Auth emulator. Medians of
// BENCH_AUTH_SAMPLES calls each: firebase-admin verification with and without the revocation
// check, the lookup that check adds, and the web app's resolveIdentity (verify with revocation +
// current claims) uncached and cached. Runs under scripts/stack/exec.ts, with
// --conditions=react-server so the web modules' `server-only` imports resolve as on the server.
import { performance } from 'node:perf_hooks';
import { adminAuth } from '../../web/lib/firebase/admin';
import { forgetVerifiedUser, resolveIdentity } from '../../web/lib/auth/identity';
import { closeFirebase, uniqueId } from '../../tests/support/firebase';
import { signedInUser } from '../../tests/support/identity';
import { median, percentile, report } from '../lib/stats';
import { authBenchSettings } from '../settings';

const SETTINGS = authBenchSettings();
const SAMPLES = SETTINGS.samples;

async function sample(
  name: string,
  run: () => Promise<unknown>,
  { before, micro = false }: { before?: () => void; micro?: boolean } = {},
): Promise<number> {
  for (let i = 0; i < 10; i++) await run(); // warm-up: connections, JIT
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    before?.();
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  // A cache hit takes microseconds; in ms it would print as 0.0.
  const [scale, unit] = micro ? [1000, 'µs'] : [1, 'ms'];
  report(`${name} (median)`, median(times) * scale, unit, null);
  report(`${name} (p95)`, percentile(times, 95) * scale, unit, null);
  return median(times);
}

async function main(): Promise<void> {
  const user = await signedInUser({ custodianId: uniqueId('bench-auth') }, 'bench-auth');
  const auth = adminAuth();
  const cookie = await auth.createSessionCookie(user.idToken, { expiresIn: 60 * 60 * 1000 });
  const bearer = new Request('http://localhost/api/x', { headers: { authorization: `Bearer ${user.idToken}` } });
  const withCookie = new Request('http://localhost/api/x', { headers: { cookie: `__session=${cookie}` } });
  console.log(`bench:auth, ${SAMPLES} samples each (Auth emulator at ${SETTINGS.authEmulatorHost})`);

  // firebase-admin always checks revocation when it talks to the emulator, so "without" here still
  // pays the lookup; in production it verifies the signature locally against cached Google keys.
  // The lookup the check adds is measured on its own below.
  await sample('verifyIdToken(token)', () => auth.verifyIdToken(user.idToken));
  await sample('verifyIdToken(token, true)', () => auth.verifyIdToken(user.idToken, true));
  await sample('verifySessionCookie(cookie, true)', () => auth.verifySessionCookie(cookie, true));
  await sample('revocation lookup alone: getUser(uid)', () => auth.getUser(user.uid));
  const forget = () => forgetVerifiedUser(user.uid);
  await sample('resolveIdentity, bearer, cache miss', () => resolveIdentity(bearer), { before: forget });
  await sample('resolveIdentity, cookie, cache miss', () => resolveIdentity(withCookie), { before: forget });
  await sample('resolveIdentity, bearer, cached', () => resolveIdentity(bearer), { micro: true });
  await sample('resolveIdentity, cookie, cached', () => resolveIdentity(withCookie), { micro: true });
}

main()
  .then(() => closeFirebase())
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
