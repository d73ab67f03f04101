// /login: the sign-in form (docs/contracts/dashboard.md), with the Firebase config from the server.
import { LoginForm } from '../../components/login/login-form';
import { clientFirebaseConfig } from '../../lib/firebase/client-config';

export const dynamic = 'force-dynamic';

const safeNext = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/dashboard';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <main style={{ padding: 24 }}>
      <h1>Sign in</h1>
      <LoginForm config={clientFirebaseConfig()} next={safeNext(next)} />
    </main>
  );
}
