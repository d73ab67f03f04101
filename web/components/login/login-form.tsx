'use client';
// Email/password sign-in with the Firebase Auth client SDK; the ID token is traded for an httpOnly
// session cookie at /api/session, then the client-side Firebase session is dropped.
import { getApps, initializeApp } from 'firebase/app';
import {
  connectAuthEmulator,
  getAuth,
  inMemoryPersistence,
  setPersistence,
  signInWithEmailAndPassword,
  signOut,
  type Auth,
} from 'firebase/auth';
import { useState, type FormEvent } from 'react';

export interface LoginFormProps {
  config: { apiKey: string; projectId: string; authDomain?: string; authEmulatorHost?: string };
  next: string;
}

const APP_NAME = 'trustrails-login';

function clientAuth(config: LoginFormProps['config']): Auth {
  const existing = getApps().find((app) => app.name === APP_NAME);
  const app =
    existing ??
    initializeApp({ apiKey: config.apiKey, projectId: config.projectId, authDomain: config.authDomain }, APP_NAME);
  const auth = getAuth(app);
  if (!existing && config.authEmulatorHost)
    connectAuthEmulator(auth, `http://${config.authEmulatorHost}`, { disableWarnings: true });
  return auth;
}

export function LoginForm({ config, next }: LoginFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const auth = clientAuth(config);
      await setPersistence(auth, inMemoryPersistence);
      const credential = await signInWithEmailAndPassword(
        auth,
        String(form.get('email')),
        String(form.get('password')),
      );
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idToken: await credential.user.getIdToken() }),
      });
      await signOut(auth);
      if (!response.ok) throw new Error(`session refused (${response.status})`);
      window.location.assign(next);
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^Firebase: /, '') : String(e));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} style={{ display: 'grid', gap: 12, maxWidth: 320 }}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required style={{ display: 'block', width: '100%' }} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          style={{ display: 'block', width: '100%' }}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error ? (
        <p role="alert" style={{ color: '#cf222e' }}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
