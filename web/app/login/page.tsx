// /login: the sign-in form (docs/contracts/dashboard.md), with the Firebase config from the server.
// `next` leads only to a path on this origin (lib/http/same-origin-path.ts).
import { headers } from 'next/headers';
import { LoginForm } from '@/components/login/login-form';
import { webConfig } from '@/lib/config';
import { clientFirebaseConfig } from '@/lib/firebase/client-config';
import { sameOriginPath } from '@/lib/http/same-origin-path';
import { REVOCATION_FAILED_MESSAGE, SIGN_OUT_INCOMPLETE } from '@/lib/auth/sign-out';

export const dynamic = 'force-dynamic';

/** APP_ORIGIN, or with the emulators (where it is optional) the host the browser asked for. */
async function pageOrigin(): Promise<string> {
  const configured = webConfig().appOrigin;
  if (configured) return configured;
  try {
    return new URL(`http://${(await headers()).get('host') ?? 'localhost'}`).origin;
  } catch {
    return 'http://localhost';
  }
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next, signout } = await searchParams;
  return (
    <main style={{ padding: 24 }}>
      <h1>Sign in</h1>
      {`signout=${signout}` === SIGN_OUT_INCOMPLETE && <p role="alert">{REVOCATION_FAILED_MESSAGE}</p>}
      <LoginForm config={clientFirebaseConfig()} next={sameOriginPath(next, await pageOrigin())} />
    </main>
  );
}
